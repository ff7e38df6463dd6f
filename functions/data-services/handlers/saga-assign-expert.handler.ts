/** Saga step: assign an expert with spare capacity; nobody free is a business failure the saga compensates. */
import { sagaStep } from '../../platform/saga/saga-step.ts';
import { applyToDataService } from '../adapters/apply-command.ts';
import {
  dataServiceIdFor,
  freeExperts,
  loadDataService,
  loadExpert,
} from '../adapters/data-service.repository.ts';
import { pickExpert } from '../domain/expert-pick.ts';

export default sagaStep(
  {
    async perform(req, ctx) {
      const id = dataServiceIdFor(req.subscriptionId);
      const state = await loadDataService(ctx.tx, id);
      // Candidates come from outside the transaction; only the one picked is read (and so guarded) inside.
      const picked = pickExpert(await freeExperts(), Math.random());
      const expert = picked ? await loadExpert(ctx.tx, picked) : undefined;
      // Taken by a concurrent saga since we looked: a transient failure, the saga's retry picks again.
      if (expert && expert.available <= 0 && state.status === 'CREATED')
        throw new Error('picked expert is now full');
      const expertId = expert?.id;
      const applied = await applyToDataService(
        id,
        { type: 'AssignExpert', expertId, at: ctx.at },
        ctx,
        state,
      );
      return applied.ok ? applied : { ok: false, reason: applied.rejection };
    },
  },
  'saga-assign-expert',
  'data-services',
);
