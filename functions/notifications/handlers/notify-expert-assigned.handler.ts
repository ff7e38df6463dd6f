/** ExpertAssigned (Pub/Sub) — tells the expert (an Identity Platform user) about the assignment. */
import { ExpertAssignedV1 } from '../../../schemas/data-services/v1/data-service.events.ts';
import { topics } from '../../manifest.ts';
import { notifyOn } from '../notify-on-event.ts';

export default notifyOn(topics['data-services.events'].carries, ExpertAssignedV1, (d) => ({
  recipientId: `expert:${d.expertId}`,
  template: 'expert-assigned',
  values: { dataServiceId: d.dataServiceId },
}));
