import { describe, expect, it } from 'vitest';
import { applyGrantFact, type GrantFact, type ImageGrant, rulesOf } from './image-grant.ts';

const SUB = '6a1f0d8e-3c1b-4b8e-9c57-1f2a3b4c5d6e';
const chest = { kind: 'datasets', rules: [{ modality: 'CT', region: 'chest' }], sequence: 1 } as const;
const all = { kind: 'datasets', rules: [{}], sequence: 3 } as const;
const activated = { kind: 'activated', sequence: 2 } as const;
const declined = { kind: 'payment', declined: true, sequence: 4 } as const;
const paid = { kind: 'payment', declined: false, sequence: 5 } as const;
const cancelled = { kind: 'revoked', cause: 'subscription-cancelled' } as const;

const replay = (facts: readonly GrantFact[]) =>
  facts.reduce<ImageGrant | undefined>((g, f) => applyGrantFact(g, SUB, f, 'uid-1'), undefined);

describe('a subscription grant', () => {
  it('grants its datasets once ACTIVE, and keeps its owner', () => {
    expect(replay([chest, activated])).toEqual({
      subscriptionId: SUB,
      userId: 'uid-1',
      status: 'ACTIVE',
      rules: [{ modality: 'CT', region: 'chest' }],
      rulesFrom: 1,
      activatedFrom: 2,
      inForce: true,
    });
  });

  it('is the same whatever order and however often the events arrive', () => {
    const expected = replay([chest, activated, all]);
    for (const order of [
      [activated, all, chest],
      [all, chest, activated, activated],
      [chest, chest, all, activated, all],
    ])
      expect(replay(order)).toEqual(expected);
  });

  it('stays revoked once cancelled, even if an activation arrives late', () => {
    const grant = replay([chest, cancelled, activated]);
    expect(grant?.status).toBe('REVOKED');
    expect(grant?.revokedBy).toBe('subscription-cancelled');
    expect(replay([chest, activated, cancelled])).toEqual(grant);
  });
});

describe('a lapsed payment', () => {
  it('suspends the grant until a later payment succeeds, in whatever order they arrive', () => {
    expect(replay([chest, activated, declined])?.inForce).toBe(false);
    expect(replay([chest, activated, declined, paid])?.inForce).toBe(true);
    expect(replay([paid, chest, declined, activated])?.inForce).toBe(true);
  });

  it('does not suspend a subscription it came before the activation of (the aggregate stays ACTIVE)', () => {
    const early = { kind: 'payment', declined: true, sequence: 1 } as const;
    const later = { kind: 'activated', sequence: 3 } as const;
    expect(replay([chest, early, later])?.inForce).toBe(true);
  });
});

describe('the datasets of a plan', () => {
  const step = (args: object) => ({ step: 's', call: 'saga-x', compensate: 'saga-y', args });

  it('are the dataset steps, their empty filters dropped and an explicit list kept', () => {
    const rules = rulesOf([
      step({ dataset: { code: 'ct', name: 'CT', filters: { modality: 'CT', region: '' } } }),
      step({ template: 'welcome' }),
      step({ dataset: { code: 'm', name: 'M', filters: { center: 'A01' }, imageIds: ['id-1'] } }),
    ]);
    expect(rules).toEqual([{ modality: 'CT' }, { center: 'A01', imageIds: ['id-1'] }]);
  });

  it('are none for a plan that provisions no dataset (basic)', () => {
    expect(rulesOf([])).toEqual([]);
  });
});
