/** POST /subscriptions/{id}/cancel — end a subscription; 409 if it is already cancelled. */
import { CommandAccepted } from '../../../schemas/platform/v1/command-accepted.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import {
  CancelSubscriptionBody,
  CancelSubscriptionV1,
} from '../../../schemas/subscriptions/v1/cancel-subscription.command.ts';
import { SubscriptionIdParams } from '../../../schemas/subscriptions/v1/subscription.view.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { acceptSubscriptionCommand } from '../http/accept-subscription-command.ts';

export default httpHandler({
  params: SubscriptionIdParams,
  body: CancelSubscriptionBody,
  responses: { 202: CommandAccepted, 404: Problem, 409: Problem },
  handle: (ctx) =>
    acceptSubscriptionCommand(
      ctx,
      CancelSubscriptionV1,
      { subscriptionId: ctx.params.id, reason: ctx.body.reason, requestedBy: ctx.principal.uid },
      () => ({ type: 'CancelSubscription', reason: ctx.body.reason, at: new Date() }),
    ),
});
