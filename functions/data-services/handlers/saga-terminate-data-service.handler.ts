/**
 * Saga compensation of every data-service step: terminate the service, revoke the dataset grant and give
 * the expert's capacity back. Idempotent, so each compensated step may call it; nothing to undo is fine.
 */
import { sagaStep } from '../../platform/saga/saga-step.ts';
import { applyToDataService } from '../adapters/apply-command.ts';
import { dataServiceIdFor } from '../adapters/data-service.repository.ts';

export default sagaStep(
  {
    async compensate(req, ctx) {
      const id = dataServiceIdFor(req.subscriptionId);
      const applied = await applyToDataService(
        id,
        { type: 'TerminateDataService', reason: 'compensation', at: ctx.at },
        ctx,
      );
      // A service that was never created has nothing to undo.
      if (!applied.ok && applied.rejection === 'DataServiceNotFound') return { ok: true, events: [] };
      return applied.ok ? applied : { ok: false, reason: applied.rejection };
    },
  },
  'saga-terminate-data-service',
  'data-services',
);
