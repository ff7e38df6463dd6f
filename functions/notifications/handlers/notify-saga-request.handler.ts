/**
 * NotificationRequested (Pub/Sub, from the subscription saga's notify step) — notifies the subscription's owner
 * with the template the saga names. The event's clientCode is the client's own choice and addresses nobody: the
 * owner comes from SubscriptionCreated, through the subscription id. The saga's own notification id keeps a
 * retried step to one notification.
 */
import { NotificationRequestedV1 } from '../../../schemas/sagas/v1/notification-requested.event.ts';
import { topics } from '../../manifest.ts';
import { notifyOn } from '../notify-on-event.ts';
import { toSubscriptionOwner } from '../notify-subscription-owner.ts';

export default notifyOn(topics['sagas.events'].carries, NotificationRequestedV1, (d, _env, tx) =>
  toSubscriptionOwner(
    tx,
    { subscriptionId: d.subscriptionId },
    {
      template: d.template,
      // The saga's free-text reason is not shown: templates carry ids and codes only.
      values: { subscriptionId: d.subscriptionId },
      idKey: d.notificationId,
    },
  ),
);
