/** CancelSubscription (Pub/Sub) — cancels the subscription and publishes SubscriptionCancelled. */
import { CancelSubscriptionV1 } from '../../../schemas/subscriptions/v1/cancel-subscription.command.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { applyToSubscription } from '../adapters/apply-command.ts';

export default eventHandler({
  accepts: [CancelSubscriptionV1],
  async handle({ data, envelope }, { tx, emit, log }) {
    const command = { type: 'CancelSubscription' as const, reason: data.reason, at: new Date(envelope.time) };
    const applied = await applyToSubscription(tx, data.subscriptionId, command, emit);
    if (!applied.ok)
      log.warn('command rejected', { rejection: applied.rejection, subscriptionId: data.subscriptionId });
    return applied.ok ? applied.events : [];
  },
});
