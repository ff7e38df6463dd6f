/** SubscriptionCancelled (Pub/Sub) — tells the subscription's owner it was cancelled. */
import { SubscriptionCancelledV1 } from '../../../schemas/subscriptions/v1/subscription.events.ts';
import { topics } from '../../manifest.ts';
import { notifyOn } from '../notify-on-event.ts';
import { toSubscriptionOwner } from '../notify-subscription-owner.ts';

export default notifyOn(topics['subscriptions.events'].carries, SubscriptionCancelledV1, (d, _env, tx) =>
  toSubscriptionOwner(tx, d, {
    template: 'subscription-cancelled',
    values: { subscriptionId: d.subscriptionId },
  }),
);
