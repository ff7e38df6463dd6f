/** Centers events (Pub/Sub) — maintains the centers read model; older or repeated events never roll it back. */
import { CenterRegisteredV1 } from '../../../schemas/centers/v1/center-registered.event.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { loadCenterView, saveCenterView } from '../adapters/center.repository.ts';

export default eventHandler({
  accepts: [CenterRegisteredV1],
  async handle({ data, envelope }, { tx }) {
    const current = await loadCenterView(tx, data.centerId);
    const version = envelope.sequence ?? 1;
    if (current && current.version >= version) return [];
    const { centerId, ...rest } = data;
    saveCenterView(tx, { id: centerId, ...rest, version });
    return [];
  },
});
