/** PUT /plans/{code} — an admin creates or changes a plan (price, period, provisioning steps): data, not code. */
import { Plan, PlanBody, PlanCodeParams } from '../../../schemas/subscriptions/v1/plan.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { putPlan } from '../adapters/plan-catalogue.ts';

export default httpHandler({
  params: PlanCodeParams,
  body: PlanBody,
  responses: { 200: Plan },
  handle: async ({ params, body, log }) => {
    const plan = await putPlan(params.code, body);
    log.info('plan saved', { planCode: plan.code, version: plan.version });
    return ok(plan);
  },
});
