/** SubscriptionFailed (Pub/Sub) — tells the client its subscription could not be set up (no reason text: codes only). */
import { SubscriptionFailedV1 } from '../../../schemas/subscriptions/v1/subscription.events.ts';
import { topics } from '../../manifest.ts';
import { notifyOn } from '../notify-on-event.ts';

export default notifyOn(topics['subscriptions.events'].carries, SubscriptionFailedV1, (d) => ({
  recipientId: `client:${d.clientCode}`,
  template: 'subscription-failed',
  values: { subscriptionId: d.subscriptionId },
}));
