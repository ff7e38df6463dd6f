/** GET /dicomweb/studies/{study}/metadata — WADO-RS: the study's instances' metadata as DICOM JSON (pixel data left out). Outside the caller's grant reads as absent (404). */
import { RetrieveQuery, StudyPath } from '../../../schemas/imaging/v1/dicomweb-read.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { retrieveDicomwebMetadata } from '../adapters/dicomweb-wado.ts';

export default httpHandler({
  params: StudyPath,
  query: RetrieveQuery,
  responses: { 404: Problem, 406: Problem },
  handle: (ctx) => retrieveDicomwebMetadata(ctx, ctx.params),
});
