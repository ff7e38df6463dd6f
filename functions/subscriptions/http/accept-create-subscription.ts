/** Accepting CreateSubscription, shared by `POST /subscriptions` and the seed BFF route. */
import { randomUUID } from 'node:crypto';
import { CreateSubscriptionV1 } from '../../../schemas/subscriptions/v1/create-subscription.command.ts';
import type { ClientProfile } from '../../../schemas/subscriptions/v1/subscription.fields.ts';
import { acceptCommand } from '../../platform/http/accept-command.ts';
import type { HttpContext, HttpResult } from '../../platform/http/http-handler.ts';
import type { Problem } from '../../platform/http/problem.ts';
import { protectClient } from '../adapters/client-privacy.ts';
import { findPlan } from '../adapters/plan-catalogue.ts';
import { rejectionProblem } from './rejection-problem.ts';

export async function acceptCreateSubscription(
  ctx: HttpContext<unknown, unknown, unknown>,
  request: { clientCode: string; planCode: string; client: ClientProfile },
  planField: string,
): Promise<HttpResult | Problem> {
  if (!(await findPlan(request.planCode))) return rejectionProblem('UnknownPlan', planField);
  const subscriptionId = randomUUID();
  // Protected before anything is stored or published: the command on Pub/Sub never carries them in clear.
  const client = await protectClient(subscriptionId, request.client);
  return acceptCommand(ctx, {
    command: CreateSubscriptionV1,
    data: {
      subscriptionId,
      clientCode: request.clientCode,
      userId: ctx.principal.uid,
      planCode: request.planCode,
      client,
    },
    subject: subscriptionId,
    location: `/subscriptions/${subscriptionId}`,
  });
}
