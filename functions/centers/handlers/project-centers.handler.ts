/** Centers events (Pub/Sub) — maintains the centers read model; older or repeated events never roll it back. */
import { CenterRegisteredV2 } from '../../../schemas/centers/v2/center-registered.event.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { loadCenterView, saveCenterView } from '../adapters/center.repository.ts';

export default eventHandler({
  // v1 events arrive here upcast to v2 (schemas/upcasters.ts).
  accepts: [CenterRegisteredV2],
  async handle({ data, envelope }, { tx }) {
    const current = await loadCenterView(tx, data.centerId);
    const version = envelope.sequence ?? 1;
    if (current && current.version >= version) return [];
    const { centerId, ...rest } = data;
    saveCenterView(tx, { id: centerId, ...rest, version });
    return [];
  },
});
