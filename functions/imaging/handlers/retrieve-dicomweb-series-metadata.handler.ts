/** GET /dicomweb/studies/{study}/series/{series}/metadata — WADO-RS: the series' instances' metadata as DICOM JSON (pixel data left out). Outside the caller's grant reads as absent (404). */
import { RetrieveQuery, SeriesPath } from '../../../schemas/imaging/v1/dicomweb-read.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { retrieveDicomwebMetadata } from '../adapters/dicomweb-wado.ts';

export default httpHandler({
  params: SeriesPath,
  query: RetrieveQuery,
  responses: { 404: Problem, 406: Problem },
  handle: (ctx) => retrieveDicomwebMetadata(ctx, ctx.params),
});
