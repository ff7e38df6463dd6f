/** Centers events (Pub/Sub) — the imaging context's own list of registered centers, by code, for intake checks. */
import { CenterRegisteredV2 } from '../../../schemas/centers/v2/center-registered.event.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { loadImagingCenter, saveImagingCenter } from '../adapters/imaging-centers.repository.ts';

export default eventHandler({
  // v1 events arrive upcast to v2 (schemas/upcasters.ts); only the id and the code matter here.
  accepts: [CenterRegisteredV2],
  async handle({ data, envelope }, { tx }) {
    const current = await loadImagingCenter(tx, data.code);
    const version = envelope.sequence ?? 1;
    if (current && current.version >= version) return [];
    saveImagingCenter(tx, { centerId: data.centerId, code: data.code, version });
    return [];
  },
});
