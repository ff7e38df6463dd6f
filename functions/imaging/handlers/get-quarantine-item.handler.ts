/** GET /quarantine/{id} — one item and where its review stands (the Location of a reprocessing). */
import { QuarantineIdParams, QuarantineItemView } from '../../../schemas/imaging/v1/quarantine.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { findItem, itemView } from '../adapters/quarantine-review.repository.ts';
import { isQuarantineItem } from '../domain/quarantine.ts';

export default httpHandler({
  params: QuarantineIdParams,
  responses: { 200: QuarantineItemView, 404: Problem },
  async handle({ params }) {
    const item = await findItem(params.id);
    if (!item || !isQuarantineItem(item)) return problem(404, 'not-found', 'no such quarantine item');
    return ok(itemView(item));
  },
});
