/** GET /centers/{id} — one center from the read model; a health center sees only its own. */
import { CenterIdParams, CenterView } from '../../../schemas/centers/v1/center.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { findCenterView } from '../adapters/center.repository.ts';

export default httpHandler({
  params: CenterIdParams,
  responses: { 200: CenterView, 403: Problem, 404: Problem },
  async handle({ params, principal }) {
    const ownCenterOnly = !principal.roles.includes('admin') && principal.roles.includes('health_center');
    if (ownCenterOnly && principal.centerId !== params.id)
      return problem(403, 'forbidden', 'not your center');
    const view = await findCenterView(params.id);
    return view ? ok(view) : problem(404, 'not-found', 'no such center (yet: registration is asynchronous)');
  },
});
