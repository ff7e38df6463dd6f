/** SubscriptionFailed (Pub/Sub) — tells the subscription's owner it could not be set up (no reason text: codes only). */
import { SubscriptionFailedV1 } from '../../../schemas/subscriptions/v1/subscription.events.ts';
import { topics } from '../../manifest.ts';
import { notifyOn } from '../notify-on-event.ts';
import { toSubscriptionOwner } from '../notify-subscription-owner.ts';

export default notifyOn(topics['subscriptions.events'].carries, SubscriptionFailedV1, (d, _env, tx) =>
  toSubscriptionOwner(tx, d, {
    template: 'subscription-failed',
    values: { subscriptionId: d.subscriptionId },
  }),
);
