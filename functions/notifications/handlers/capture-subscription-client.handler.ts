/**
 * SubscriptionCreated (Pub/Sub) — remembers the subscription's owning user, so events that name only the
 * subscription (DataServiceStarted, the saga's NotificationRequested) reach the owner, not a client-chosen code.
 */
import { SubscriptionCreatedV1 } from '../../../schemas/subscriptions/v1/subscription.events.ts';
import { topics } from '../../manifest.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { rememberSubscriptionOwner } from '../adapters/subscription-clients.ts';

export default eventHandler({
  accepts: topics['subscriptions.events'].carries,
  async handle(message, { tx }) {
    if (message.type !== SubscriptionCreatedV1.type) return [];
    const d = message.data;
    // An event published before it carried the owner is remembered as "owner unknown", not by its code.
    rememberSubscriptionOwner(tx, d.subscriptionId, d.userId);
    return [];
  },
});
