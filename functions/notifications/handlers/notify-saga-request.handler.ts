/**
 * NotificationRequested (Pub/Sub, from the subscription saga's notify step) — notifies the client with the
 * template the saga names. The saga's own notification id keeps a retried step to one notification.
 */
import { NotificationRequestedV1 } from '../../../schemas/sagas/v1/notification-requested.event.ts';
import { topics } from '../../manifest.ts';
import { notifyOn } from '../notify-on-event.ts';

export default notifyOn(topics['sagas.events'].carries, NotificationRequestedV1, (d) => ({
  recipientId: `client:${d.clientCode}`,
  template: d.template,
  // The saga's free-text reason is not shown: templates carry ids and codes only.
  values: { subscriptionId: d.subscriptionId },
  idKey: d.notificationId,
}));
