import { describe, expect, it } from 'vitest';
import { addressClient } from './client-recipient.ts';

describe('client notification addressing', () => {
  it('goes to the owner the event carries, whatever the capture says', () => {
    expect(addressClient({ carried: 'uid-owner', captured: { userId: 'uid-other' } })).toEqual({
      kind: 'recipient',
      recipientId: 'client:uid-owner',
    });
    expect(addressClient({ carried: 'uid-owner' })).toEqual({
      kind: 'recipient',
      recipientId: 'client:uid-owner',
    });
  });

  it('without one on the event, goes to the owner captured from SubscriptionCreated', () => {
    expect(addressClient({ captured: { userId: 'uid-owner' } })).toEqual({
      kind: 'recipient',
      recipientId: 'client:uid-owner',
    });
    expect(addressClient({ carried: '', captured: { userId: 'uid-owner' } })).toMatchObject({
      recipientId: 'client:uid-owner',
    });
  });

  it('retries while the subscription is not known yet', () => {
    expect(addressClient({})).toEqual({ kind: 'retry', reason: 'subscription-not-seen-yet' });
    expect(addressClient({ carried: undefined, captured: undefined })).toMatchObject({ kind: 'retry' });
  });

  it('is undeliverable, not a guess, when the subscription was created before events named the owner', () => {
    expect(addressClient({ captured: {} })).toEqual({
      kind: 'undeliverable',
      reason: 'subscription-owner-unknown',
    });
  });
});
