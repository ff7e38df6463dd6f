/** PUT /experts/{id} — an admin registers an expert or changes their capacity (0 takes them off rotation). */
import { Expert, ExpertBody, ExpertIdParams } from '../../../schemas/data-services/v1/data-service.view.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { putExpert } from '../adapters/data-service.repository.ts';

export default httpHandler({
  params: ExpertIdParams,
  body: ExpertBody,
  responses: { 200: Expert },
  handle: async ({ params, body }) => ok(await putExpert(params.id, body.capacity, body.specialties)),
});
