/** Saga step: start the data service — the client is granted the manifest of matching anonymized images. */
import { sagaStep } from '../../platform/saga/saga-step.ts';
import { applyToDataService } from '../adapters/apply-command.ts';
import { dataServiceIdFor, loadDataService } from '../adapters/data-service.repository.ts';
import { matchingImages } from '../adapters/image-catalogue.port.ts';

export default sagaStep(
  {
    async perform(req, ctx) {
      const id = dataServiceIdFor(req.subscriptionId);
      const state = await loadDataService(ctx.tx, id);
      const imageIds = state.status === 'NONE' ? [] : await matchingImages(state.dataset);
      const applied = await applyToDataService(
        id,
        { type: 'StartDataService', imageIds, at: ctx.at },
        ctx,
        state,
      );
      return applied.ok ? applied : { ok: false, reason: applied.rejection };
    },
  },
  'saga-start-data-service',
  'data-services',
);
