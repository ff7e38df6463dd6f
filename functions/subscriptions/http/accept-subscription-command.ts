/**
 * Accepting a command on an existing subscription: the caller must own it (or be an admin), and the
 * decider is consulted up front so a doomed command answers 404/409 now instead of failing silently later.
 */
import type { MessageData, MessageDef } from '../../../schemas/message.ts';
import { acceptCommand } from '../../platform/http/accept-command.ts';
import type { HttpContext, HttpResult } from '../../platform/http/http-handler.ts';
import type { Problem } from '../../platform/http/problem.ts';
import { loadSubscription } from '../adapters/subscription.repository.ts';
import { decide, type SubscriptionCommand } from '../domain/subscription.decider.ts';
import { rejectionProblem } from './rejection-problem.ts';

export function acceptSubscriptionCommand<M extends MessageDef>(
  ctx: HttpContext<unknown, unknown, { id: string }>,
  command: M,
  data: MessageData<M>,
  precheck: () => SubscriptionCommand | Promise<SubscriptionCommand>,
): Promise<HttpResult | Problem> {
  const id = ctx.params.id;
  return acceptCommand(ctx, {
    command,
    data,
    subject: id,
    location: `/subscriptions/${id}`,
    reserve: async (tx) => {
      const state = await loadSubscription(tx, id);
      const owner = state.status !== 'NONE' && state.userId === ctx.principal.uid;
      // Someone else's subscription is "not found" for a client: its existence is not theirs to learn.
      if (state.status === 'NONE' || (!owner && !ctx.principal.roles.includes('admin')))
        return rejectionProblem('SubscriptionNotFound');
      const decision = decide(await precheck(), state);
      return decision.ok ? undefined : rejectionProblem(decision.rejection);
    },
  });
}
