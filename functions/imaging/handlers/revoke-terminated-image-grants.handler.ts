/** DataServiceTerminated (Pub/Sub) — a terminated data service revokes its subscription's grant at once. */
import {
  DATA_SERVICE_EVENTS,
  DataServiceTerminatedV1,
} from '../../../schemas/data-services/v1/data-service.events.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { loadGrant, saveGrant } from '../adapters/image-grants.repository.ts';
import { applyGrantFact } from '../domain/image-grant.ts';

export default eventHandler({
  // Accepts what the topic carries (the manifest's rule); its subscription filter delivers Terminated only.
  accepts: DATA_SERVICE_EVENTS,
  async handle(message, { tx }) {
    if (message.def !== DataServiceTerminatedV1) return [];
    const { subscriptionId } = message.data;
    const grant = await loadGrant(tx, subscriptionId);
    const fact = { kind: 'revoked', cause: 'data-service-terminated' } as const;
    saveGrant(tx, applyGrantFact(grant, subscriptionId, fact));
    return [];
  },
});
