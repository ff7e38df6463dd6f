/** GET /saga/plan-steps — the step functions a plan may name, from the manifest (the plan editor's choices). */
import { PlanStepList } from '../../../schemas/sagas/v1/saga.ts';
import { planSteps } from '../../manifest.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';

export default httpHandler({
  responses: { 200: PlanStepList },
  handle: async () => ok({ items: planSteps() }),
});
