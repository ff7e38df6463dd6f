/**
 * GET /uploads/{uploadId} — what became of a drop: received, anonymized, held, rejected (by reason),
 * pending, and a page of per-file outcomes with their PHI-free details (never object names).
 */
import {
  GetUploadQuery,
  UploadIdParams,
  UploadSummaryView,
} from '../../../schemas/imaging/v1/upload.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { isProblem } from '../../platform/http/problem.ts';
import { uploadView } from '../adapters/upload-view.ts';

export default httpHandler({
  params: UploadIdParams,
  query: GetUploadQuery,
  responses: { 200: UploadSummaryView, 400: Problem, 403: Problem, 404: Problem },
  async handle({ params, query, principal }) {
    const view = await uploadView(params.uploadId, principal, query);
    return isProblem(view) ? view : ok(view);
  },
});
