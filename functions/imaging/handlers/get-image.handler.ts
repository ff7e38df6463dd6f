/** GET /images/{id} — one catalogued image within the caller's grant (seed: ObtenerImagenAnonimizada). */
import { ImageIdParams, ImageView } from '../../../schemas/imaging/v1/image.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { findReadableImage } from '../adapters/accessible-images.ts';
import { accessFor } from '../adapters/image-access.ts';
import { viewFor, withDicomUids } from '../adapters/image-views.ts';

export default httpHandler({
  params: ImageIdParams,
  responses: { 200: ImageView, 404: Problem },
  async handle({ params, principal }) {
    const record = await findReadableImage(await accessFor(principal), params.id);
    // Outside the grant reads as absent: an image id confirms nothing to who may not read it.
    if (!record) return problem(404, 'not-found', 'no such image');
    const [view] = await withDicomUids([await viewFor(record, principal.roles)]);
    return ok(view);
  },
});
