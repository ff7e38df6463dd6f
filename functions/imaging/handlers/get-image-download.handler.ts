/** GET /images/{id}/download — a short-lived signed URL to the anonymized object (admin/expert for now). */
import { DownloadLink, ImageIdParams } from '../../../schemas/imaging/v1/image.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { findImage } from '../adapters/catalogue.repository.ts';
import { imagingConfig } from '../adapters/imaging-config.ts';
import { signedDownloadUrl } from '../adapters/signed-urls.ts';

// Clients get this once subscriptions exist and grant it; the manifest's roles are the gate until then.
export default httpHandler({
  params: ImageIdParams,
  responses: { 200: DownloadLink, 404: Problem },
  async handle({ params, log }) {
    const record = await findImage(params.id);
    if (!record) return problem(404, 'not-found', 'no such image');
    log.info('download link issued', { imageId: record.imageId });
    return ok(await signedDownloadUrl(record.object, imagingConfig().downloadUrlTtlSeconds));
  },
});
