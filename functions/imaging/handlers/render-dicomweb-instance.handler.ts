/**
 * GET /dicomweb/studies/{study}/series/{series}/instances/{instance}/rendered — WADO-RS: the instance's
 * first frame as image/jpeg (default) or image/png, for thumbnails (`viewport`, `quality`, `window`).
 */
import { InstancePath, RenderedQuery } from '../../../schemas/imaging/v1/dicomweb-read.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { renderDicomweb } from '../adapters/dicomweb-frames.ts';

export default httpHandler({
  params: InstancePath,
  query: RenderedQuery,
  responses: { 400: Problem, 404: Problem, 406: Problem },
  handle: renderDicomweb,
});
