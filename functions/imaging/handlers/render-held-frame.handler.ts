/**
 * GET /quarantine/{id}/frame — a held image's first frame as PNG, for the privacy officer's pixel review
 * (its pixels may still show burned-in text: never cached, never logged). Only held items have one.
 */
import { QuarantineIdParams } from '../../../schemas/imaging/v1/quarantine.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { bucket, isNotFound } from '../adapters/buckets.ts';
import { renderedFrame } from '../adapters/dicomweb-frames.ts';
import { instancePixels } from '../adapters/dicomweb-pixels.ts';
import { findItem } from '../adapters/quarantine-review.repository.ts';
import { copyNamesOf } from '../adapters/reprocess-copy.ts';

export default httpHandler({
  params: QuarantineIdParams,
  responses: { 404: Problem, 406: Problem },
  async handle({ params, log }) {
    const item = await findItem(params.id);
    if (item?.status !== 'held') return problem(404, 'not-found', 'no held image with this id');
    const object = copyNamesOf(item).image;
    const size = await bucket('quarantine')
      .file(object)
      .getMetadata()
      .then(([m]) => Number(m.size))
      .catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
    if (size === undefined) return problem(404, 'not-found', 'the held original is gone; discard the item');
    const pixels = await instancePixels({ object, bytes: size }, 'quarantine');
    if (typeof pixels === 'string') {
      log.warn('held frame not rendered', { imageId: item.imageId, why: pixels });
      return problem(406, 'not-renderable', `this image cannot be shown: ${pixels}`);
    }
    const result = await renderedFrame(pixels, '1', {}, 'image/png');
    return 'headers' in result
      ? { ...result, headers: { ...result.headers, 'Cache-Control': 'no-store' } }
      : result;
  },
});
