/**
 * DataServiceStarted (Pub/Sub) — tells the subscription's owner its data service is running. The event names
 * only the subscription: the owner comes from SubscriptionCreated (capture-subscription-client); until that has
 * arrived the message is redelivered (backoff, then the dead-letter topic).
 */
import { DataServiceStartedV1 } from '../../../schemas/data-services/v1/data-service.events.ts';
import { topics } from '../../manifest.ts';
import { notifyOn } from '../notify-on-event.ts';
import { toSubscriptionOwner } from '../notify-subscription-owner.ts';

export default notifyOn(topics['data-services.events'].carries, DataServiceStartedV1, (d, _env, tx) =>
  toSubscriptionOwner(
    tx,
    { subscriptionId: d.subscriptionId },
    {
      template: 'data-service-started',
      values: { dataServiceId: d.dataServiceId, subscriptionId: d.subscriptionId },
    },
  ),
);
