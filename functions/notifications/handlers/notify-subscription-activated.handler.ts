/** SubscriptionActivated (Pub/Sub) — tells the subscription's owner it is active. */
import { SubscriptionActivatedV1 } from '../../../schemas/subscriptions/v1/subscription.events.ts';
import { topics } from '../../manifest.ts';
import { notifyOn } from '../notify-on-event.ts';
import { toSubscriptionOwner } from '../notify-subscription-owner.ts';

export default notifyOn(topics['subscriptions.events'].carries, SubscriptionActivatedV1, (d, _env, tx) =>
  toSubscriptionOwner(tx, d, {
    template: 'subscription-activated',
    values: { subscriptionId: d.subscriptionId },
  }),
);
