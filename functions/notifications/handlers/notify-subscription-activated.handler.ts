/** SubscriptionActivated (Pub/Sub) — tells the client its subscription is active. */
import { SubscriptionActivatedV1 } from '../../../schemas/subscriptions/v1/subscription.events.ts';
import { topics } from '../../manifest.ts';
import { notifyOn } from '../notify-on-event.ts';

export default notifyOn(topics['subscriptions.events'].carries, SubscriptionActivatedV1, (d) => ({
  recipientId: `client:${d.clientCode}`,
  template: 'subscription-activated',
  values: { subscriptionId: d.subscriptionId },
}));
