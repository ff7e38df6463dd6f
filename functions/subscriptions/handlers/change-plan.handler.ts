/** POST /subscriptions/{id}/plan — move a subscription to another plan; 404 unknown plan, 409 same plan. */
import { CommandAccepted } from '../../../schemas/platform/v1/command-accepted.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { ChangePlanBody, ChangePlanV1 } from '../../../schemas/subscriptions/v1/change-plan.command.ts';
import { SubscriptionIdParams } from '../../../schemas/subscriptions/v1/subscription.view.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { findPlan } from '../adapters/plan-catalogue.ts';
import { acceptSubscriptionCommand } from '../http/accept-subscription-command.ts';

export default httpHandler({
  params: SubscriptionIdParams,
  body: ChangePlanBody,
  responses: { 202: CommandAccepted, 404: Problem, 409: Problem },
  handle: (ctx) =>
    acceptSubscriptionCommand(
      ctx,
      ChangePlanV1,
      { subscriptionId: ctx.params.id, planCode: ctx.body.planCode, requestedBy: ctx.principal.uid },
      async () => ({
        type: 'ChangePlan',
        planCode: ctx.body.planCode,
        plan: await findPlan(ctx.body.planCode),
        at: new Date(),
      }),
    ),
});
