import { describe, expect, it } from 'vitest';
import { planSteps } from '../../manifest.ts';
import { seedPlans } from '../plans/plans.v1.ts';
import { unknownStepFunctions } from './plan-steps.ts';

const known = new Set(['saga-a', 'saga-undo-a']);

describe('plan steps against the manifest', () => {
  it('names each call or compensate that is no plan step, by its field', () => {
    const errors = unknownStepFunctions(
      [
        { call: 'saga-a', compensate: 'saga-undo-a' },
        { call: 'saga-typo', compensate: 'saga-a' },
        { call: 'saga-a', compensate: 'saga-start' },
      ],
      known,
    );
    expect(errors.map((e) => e.field)).toEqual([
      'body.provisioning.1.call',
      'body.provisioning.2.compensate',
    ]);
    expect(errors[0]?.message).toBe('not a plan step function; one of: saga-a, saga-undo-a');
  });

  it('accepts every seed plan, and offers none of the workflow’s own steps', () => {
    const names = new Set(planSteps().map((s) => s.name));
    for (const plan of seedPlans)
      expect(unknownStepFunctions(plan.provisioning, names), plan.code).toEqual([]);
    for (const own of ['saga-start', 'saga-record', 'saga-activate-subscription', 'saga-fail-subscription'])
      expect(names.has(own), own).toBe(false);
  });
});
