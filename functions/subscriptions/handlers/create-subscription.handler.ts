/** POST /subscriptions — a client subscribes to a plan; answers 202 and queues CreateSubscription. */
import { CommandAccepted } from '../../../schemas/platform/v1/command-accepted.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { CreateSubscriptionBody } from '../../../schemas/subscriptions/v1/create-subscription.command.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { acceptCreateSubscription } from '../http/accept-create-subscription.ts';

export default httpHandler({
  body: CreateSubscriptionBody,
  responses: { 202: CommandAccepted, 400: Problem, 404: Problem },
  handle: (ctx) => acceptCreateSubscription(ctx, ctx.body, 'body.planCode'),
});
