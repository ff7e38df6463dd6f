/**
 * Centers events (Pub/Sub) — the tokens context's own id → code list of registered centers: a principal
 * carries its center's id, but pseudonyms of local identifiers are keyed by the center's code (as imaging
 * keys them), so tokenize and record-result look the code up here, never in another context's collections.
 */
import { CenterRegisteredV2 } from '../../../schemas/centers/v2/center-registered.event.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { loadIssuerCenter, saveIssuerCenter } from '../adapters/issuer-centers.repository.ts';

export default eventHandler({
  // v1 events arrive upcast to v2 (schemas/upcasters.ts); only the id and the code matter here.
  accepts: [CenterRegisteredV2],
  async handle({ data, envelope }, { tx }) {
    const current = await loadIssuerCenter(tx, data.centerId);
    const version = envelope.sequence ?? 1;
    if (current && current.version >= version) return [];
    saveIssuerCenter(tx, { centerId: data.centerId, code: data.code, version });
    return [];
  },
});
