/**
 * DataServiceStarted (Pub/Sub) — tells the client its data service is running. The event names the subscription,
 * not the client: the client comes from SubscriptionCreated (capture-subscription-client). If that has not
 * arrived yet, throwing lets Pub/Sub redeliver later (backoff, then the dead-letter topic).
 */
import { DataServiceStartedV1 } from '../../../schemas/data-services/v1/data-service.events.ts';
import { topics } from '../../manifest.ts';
import { clientOfSubscription } from '../adapters/subscription-clients.ts';
import { notifyOn } from '../notify-on-event.ts';

export default notifyOn(topics['data-services.events'].carries, DataServiceStartedV1, async (d, _env, tx) => {
  const clientCode = await clientOfSubscription(tx, d.subscriptionId);
  if (!clientCode) throw new Error('subscription not known yet: retry later');
  return {
    recipientId: `client:${clientCode}`,
    template: 'data-service-started',
    values: { dataServiceId: d.dataServiceId, subscriptionId: d.subscriptionId },
  };
});
