/** GET /data-services/{id} — a data service (status, expert, dataset manifest), to its owner, expert or an admin. */
import { DataServiceIdParams, DataServiceView } from '../../../schemas/data-services/v1/data-service.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { findDataService } from '../adapters/data-service.repository.ts';
import { visibleDataService } from '../domain/data-service-visibility.ts';

export default httpHandler({
  params: DataServiceIdParams,
  responses: { 200: DataServiceView, 404: Problem },
  async handle({ params, principal }) {
    const stored = await findDataService(params.id);
    const view = stored && visibleDataService(stored, principal);
    return view ? ok(view) : problem(404, 'not-found', 'no such data service');
  },
});
