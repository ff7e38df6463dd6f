/** PUT /plans/{code} — an admin creates or changes a plan (price, period, provisioning steps): data, not code. */

import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { Plan, PlanBody, PlanCodeParams } from '../../../schemas/subscriptions/v1/plan.ts';
import { planSteps } from '../../manifest.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { putPlan } from '../adapters/plan-catalogue.ts';
import { unknownStepFunctions } from '../domain/plan-steps.ts';

export default httpHandler({
  params: PlanCodeParams,
  body: PlanBody,
  responses: { 200: Plan, 422: Problem },
  handle: async ({ params, body, log }) => {
    // A plan naming a function the saga cannot call would fail every subscription to it: refused here.
    const unknown = unknownStepFunctions(body.provisioning, new Set(planSteps().map((s) => s.name)));
    if (unknown.length > 0)
      return problem(
        422,
        'unknown-step-function',
        'a provisioning step names no plan step function',
        unknown,
      );
    const plan = await putPlan(params.code, body);
    log.info('plan saved', { planCode: plan.code, version: plan.version });
    return ok(plan);
  },
});
