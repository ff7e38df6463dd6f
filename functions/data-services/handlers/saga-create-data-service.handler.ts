/** Saga step: create the subscription's data service with the cloud and dataset its plan names. */
import { sagaStep } from '../../platform/saga/saga-step.ts';
import { applyToDataService } from '../adapters/apply-command.ts';
import { dataServiceIdFor } from '../adapters/data-service.repository.ts';

export default sagaStep(
  {
    async perform(req, ctx) {
      const { cloud, dataset } = req.args;
      if (!cloud || !dataset) return { ok: false, reason: 'the plan step names no cloud or dataset' };
      const id = dataServiceIdFor(req.subscriptionId);
      const applied = await applyToDataService(
        id,
        {
          type: 'CreateDataService',
          id,
          subscriptionId: req.subscriptionId,
          clientCode: req.clientCode,
          ...(req.userId ? { userId: req.userId } : {}),
          planCode: req.planCode,
          cloud,
          dataset,
          at: ctx.at,
        },
        ctx,
      );
      return applied.ok ? applied : { ok: false, reason: applied.rejection };
    },
  },
  'saga-create-data-service',
  'data-services',
);
