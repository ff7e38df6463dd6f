/** CreateSubscription (Pub/Sub) — creates the subscription; a plan with nothing to provision is active at once. */
import { CreateSubscriptionV1 } from '../../../schemas/subscriptions/v1/create-subscription.command.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { applyToSubscription } from '../adapters/apply-command.ts';
import { findPlan } from '../adapters/plan-catalogue.ts';

export default eventHandler({
  accepts: [CreateSubscriptionV1],
  async handle({ data, envelope }, { tx, emit, log }) {
    const plan = await findPlan(data.planCode, tx);
    const applied = await applyToSubscription(
      tx,
      data.subscriptionId,
      // The command's own time, so a redelivery decides exactly the same events.
      { type: 'CreateSubscription', id: data.subscriptionId, ...data, plan, at: new Date(envelope.time) },
      emit,
    );
    if (!applied.ok)
      log.warn('command rejected', { rejection: applied.rejection, subscriptionId: data.subscriptionId });
    return applied.ok ? applied.events : [];
  },
});
