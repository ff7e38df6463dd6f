/** GET /images/{id}/download — a short-lived signed URL to an anonymized object within the caller's grant. */
import { DownloadLink, ImageIdParams } from '../../../schemas/imaging/v1/image.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { findReadableImage } from '../adapters/accessible-images.ts';
import { accessFor } from '../adapters/image-access.ts';
import { imagingConfig } from '../adapters/imaging-config.ts';
import { signedDownloadUrl } from '../adapters/signed-urls.ts';

export default httpHandler({
  params: ImageIdParams,
  responses: { 200: DownloadLink, 404: Problem },
  async handle({ params, principal, log }) {
    const record = await findReadableImage(await accessFor(principal), params.id);
    if (!record) return problem(404, 'not-found', 'no such image');
    log.info('download link issued', { imageId: record.imageId });
    return ok(await signedDownloadUrl(record.object, imagingConfig().downloadUrlTtlSeconds));
  },
});
