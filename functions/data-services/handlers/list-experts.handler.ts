/** GET /experts — the expert registry with each expert's load and spare capacity. */
import { ExpertList } from '../../../schemas/data-services/v1/data-service.view.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { listExperts } from '../adapters/data-service.repository.ts';

export default httpHandler({
  responses: { 200: ExpertList },
  handle: async () => ok({ items: await listExperts() }),
});
