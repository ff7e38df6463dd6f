/** SubscriptionCreated (Pub/Sub) — remembers the subscription's client, so DataServiceStarted can reach them. */
import { SubscriptionCreatedV1 } from '../../../schemas/subscriptions/v1/subscription.events.ts';
import { topics } from '../../manifest.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { rememberSubscriptionClient } from '../adapters/subscription-clients.ts';

export default eventHandler({
  accepts: topics['subscriptions.events'].carries,
  async handle({ def, data }, { tx }) {
    if (def.type !== SubscriptionCreatedV1.type) return [];
    const d = data as { subscriptionId: string; clientCode: string };
    rememberSubscriptionClient(tx, d.subscriptionId, d.clientCode);
    return [];
  },
});
