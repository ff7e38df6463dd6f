import { describe, expect, it } from 'vitest';
import { checkDraft, draftOf, emptyDraft } from './plan-draft.ts';

const offered = new Set(['saga-notify-client', 'saga-create-data-service', 'saga-terminate-data-service']);

describe('the plan editor’s draft', () => {
  it('round-trips a stored plan into the body PUT /plans/{code} takes', () => {
    const plan = {
      code: 'pro',
      name: 'PRO',
      price: { amountMinor: 49_000_000, currency: 'COP' },
      period: 'monthly' as const,
      provisioning: [
        {
          step: 'notify',
          call: 'saga-notify-client',
          compensate: 'saga-notify-client',
          args: { template: 'x-y' },
        },
      ],
      version: 3,
    };
    const draft = draftOf(plan);
    expect(draft.amount).toBe('490000.00');
    expect(checkDraft(draft, offered)).toEqual({
      body: { name: 'PRO', price: plan.price, period: 'monthly', provisioning: plan.provisioning },
    });
  });

  it('names every field it refuses, as the server would', () => {
    const d = {
      ...emptyDraft(),
      code: 'Bad Code',
      steps: [
        { step: 'a-b', call: 'saga-start', compensate: 'saga-notify-client', args: '{' },
        { step: 'a-b', call: 'saga-notify-client', compensate: '', args: '' },
      ],
    };
    const checked = checkDraft(d, offered);
    expect('errors' in checked && checked.errors.map((e) => e.field)).toEqual([
      'code',
      'body.name',
      'body.provisioning.0.call',
      'body.provisioning.0.args',
      'body.provisioning.1.step',
      'body.provisioning.1.compensate',
    ]);
  });
});
