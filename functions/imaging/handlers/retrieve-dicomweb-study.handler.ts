/** GET /dicomweb/studies/{study} — WADO-RS: the study's instances as multipart/related; type="application/dicom", streamed. Outside the caller's grant reads as absent (404). */
import { RetrieveQuery, StudyPath } from '../../../schemas/imaging/v1/dicomweb-read.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { retrieveDicomweb } from '../adapters/dicomweb-wado.ts';

export default httpHandler({
  params: StudyPath,
  query: RetrieveQuery,
  responses: { 404: Problem, 406: Problem },
  handle: (ctx) => retrieveDicomweb(ctx, ctx.params),
});
