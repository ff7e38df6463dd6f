/** Saga step: activate the subscription once everything it needs is provisioned. */
import { sagaStep } from '../../platform/saga/saga-step.ts';
import { applyToSubscription } from '../adapters/apply-command.ts';

export default sagaStep(
  {
    async perform(req, { tx, emit, at }) {
      const applied = await applyToSubscription(
        tx,
        req.subscriptionId,
        { type: 'ActivateSubscription', at },
        emit,
      );
      return applied.ok ? applied : { ok: false, reason: applied.rejection };
    },
  },
  'saga-activate-subscription',
  'subscriptions',
);
