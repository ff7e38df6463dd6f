/** GET /images/{id} — one catalogued image (seed: ObtenerImagenAnonimizada). */
import { ImageIdParams, ImageView } from '../../../schemas/imaging/v1/image.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { findImage } from '../adapters/catalogue.repository.ts';
import { viewFor } from '../adapters/image-views.ts';

export default httpHandler({
  params: ImageIdParams,
  responses: { 200: ImageView, 404: Problem },
  async handle({ params, principal }) {
    const record = await findImage(params.id);
    return record ? ok(await viewFor(record, principal.roles)) : problem(404, 'not-found', 'no such image');
  },
});
