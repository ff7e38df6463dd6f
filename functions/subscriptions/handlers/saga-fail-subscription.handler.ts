/** Saga compensation: mark the subscription FAILED (it never became active). */
import { sagaStep } from '../../platform/saga/saga-step.ts';
import { applyToSubscription } from '../adapters/apply-command.ts';

export default sagaStep(
  {
    async perform(req, { tx, emit, at }) {
      const reason = req.reason ?? 'provisioning failed';
      const applied = await applyToSubscription(
        tx,
        req.subscriptionId,
        { type: 'FailSubscription', reason, at },
        emit,
      );
      return applied.ok ? applied : { ok: false, reason: applied.rejection };
    },
  },
  'saga-fail-subscription',
  'subscriptions',
);
