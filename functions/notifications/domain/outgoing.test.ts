/** What each stored notification event announces to other contexts, and which delivery it schedules next. */
import { describe, expect, it } from 'vitest';
import { DeliverNotificationV1 } from '../../../schemas/notifications/v1/deliver-notification.command.ts';
import {
  NotificationConfirmedV1,
  NotificationCreatedV1,
  NotificationFailedV1,
  NotificationSentV1,
} from '../../../schemas/notifications/v1/notification-integration.events.ts';
import { fold, type NotificationEvent } from './notification.decider.ts';
import { at, created, failed, id, later, requested } from './notification.fixtures.ts';
import { toView } from './notification.projection.ts';
import { outgoing } from './outgoing.ts';

const ids = { notificationId: id, recipientId: 'user:u1', template: 'welcome' };
/** The messages published after `events`, given the history before them. */
const published = (history: NotificationEvent[], events: NotificationEvent[]) =>
  outgoing(fold([...history, ...events]), events).map((m) => ({ type: m.def.type, data: m.data }));

describe('outgoing messages of a notification', () => {
  it('nothing exists yet: nothing is announced', () => {
    expect(outgoing(fold([]), [])).toEqual([]);
  });

  it('a request alone announces nothing (it is not created yet)', () => {
    expect(published([], [requested])).toEqual([]);
  });

  it('a created notification announces NotificationCreated and schedules delivery attempt 1 now', () => {
    expect(published([requested], [created])).toEqual([
      { type: NotificationCreatedV1.type, data: { ...ids, channel: 'email', createdAt: at.toISOString() } },
      {
        type: DeliverNotificationV1.type,
        data: { notificationId: id, attempt: 1, notBefore: at.toISOString() },
      },
    ]);
  });

  it('a held notification schedules its first delivery at its hold time', () => {
    const holdUntil = later(60_000).toISOString();
    const held = { ...requested, data: { ...requested.data, holdUntil } };
    const [, deliver] = published([held], [created]);
    expect(deliver?.data).toMatchObject({ attempt: 1, notBefore: holdUntil });
  });

  it('a sent notification announces NotificationSent with its attempt', () => {
    const sent: NotificationEvent = {
      type: 'NotificationSent',
      data: { notificationId: id, attempt: 2, receipt: '<m1>', at: later(5).toISOString() },
    };
    expect(published([requested, created], [sent])).toEqual([
      { type: NotificationSentV1.type, data: { ...ids, attempt: 2, sentAt: later(5).toISOString() } },
    ]);
  });

  it('a retryable failure announces it and schedules attempt n+1 at its next attempt time', () => {
    const next = later(2000);
    expect(published([requested, created], [failed(1, later(1), next)])).toEqual([
      {
        type: NotificationFailedV1.type,
        data: { ...ids, attempt: 1, reason: 'http-500', permanent: false, failedAt: later(1).toISOString() },
      },
      {
        type: DeliverNotificationV1.type,
        data: { notificationId: id, attempt: 2, notBefore: next.toISOString() },
      },
    ]);
  });

  it('a permanent failure is announced once, by the dead-lettering that follows it', () => {
    const dead: NotificationEvent = {
      type: 'NotificationDeadLettered',
      data: { notificationId: id, attempts: 3, reason: 'http-500', at: later(3).toISOString() },
    };
    expect(published([requested, created], [failed(3, later(3)), dead])).toEqual([
      {
        type: NotificationFailedV1.type,
        data: { ...ids, attempt: 3, reason: 'http-500', permanent: true, failedAt: later(3).toISOString() },
      },
    ]);
  });

  it('a confirmed delivery announces NotificationConfirmed', () => {
    const confirmed: NotificationEvent = {
      type: 'NotificationConfirmed',
      data: { notificationId: id, receipt: '<m1>', at: later(9).toISOString() },
    };
    expect(published([requested, created], [confirmed])).toEqual([
      { type: NotificationConfirmedV1.type, data: { ...ids, confirmedAt: later(9).toISOString() } },
    ]);
  });

  it('an unknown event type is refused loudly, never skipped', () => {
    expect(() => outgoing(fold([requested, created]), [{ type: 'Unheard' } as never])).toThrow(
      /unknown event/,
    );
  });
});

describe('the notification read-model row', () => {
  it('has no row before the notification is created', () => {
    expect(toView(fold([]))).toBeUndefined();
    expect(toView(fold([requested]))).toBeUndefined();
  });

  it('shows a created notification with its attempts and, after a failure, the reason and next attempt', () => {
    expect(toView(fold([requested, created]))).toMatchObject({ id, status: 'created', attempts: 0 });
    expect(toView(fold([requested, created, failed(1, later(1), later(2000))]))).toMatchObject({
      lastReason: 'http-500',
      nextAttemptAt: later(2000).toISOString(),
    });
  });
});
