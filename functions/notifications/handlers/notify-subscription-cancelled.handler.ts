/** SubscriptionCancelled (Pub/Sub) — tells the client its subscription was cancelled. */
import { SubscriptionCancelledV1 } from '../../../schemas/subscriptions/v1/subscription.events.ts';
import { topics } from '../../manifest.ts';
import { notifyOn } from '../notify-on-event.ts';

export default notifyOn(topics['subscriptions.events'].carries, SubscriptionCancelledV1, (d) => ({
  recipientId: `client:${d.clientCode}`,
  template: 'subscription-cancelled',
  values: { subscriptionId: d.subscriptionId },
}));
