/** GET /plans — the plan catalogue (seed plans plus what admins added). */
import { PlanList } from '../../../schemas/subscriptions/v1/plan.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { listPlans } from '../adapters/plan-catalogue.ts';

export default httpHandler({
  responses: { 200: PlanList },
  handle: async () => ok({ items: await listPlans() }),
});
