/** GET /uploads/{uploadId} — what became of a drop: received, anonymized, rejected (by reason), pending. */

import { UploadIdParams, UploadSummaryView } from '../../../schemas/imaging/v1/upload.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { centerById } from '../adapters/imaging-centers.repository.ts';
import { receivedCount } from '../adapters/ingest-ledger.ts';
import { findUpload, findUploadSummary } from '../adapters/uploads.repository.ts';

export default httpHandler({
  params: UploadIdParams,
  responses: { 200: UploadSummaryView, 403: Problem, 404: Problem },
  async handle({ params, principal }) {
    const { uploadId } = params;
    const [summary, upload, received] = await Promise.all([
      findUploadSummary(uploadId),
      findUpload(uploadId),
      receivedCount(uploadId),
    ]);
    if (!summary && !upload && received === 0) return problem(404, 'not-found', 'no such upload');
    const centerCode = upload?.centerCode ?? summary?.centerCode;
    if (!principal.roles.includes('admin')) {
      const own = principal.centerId ? await centerById(principal.centerId) : undefined;
      if (!own || own.code !== centerCode) return problem(403, 'forbidden', 'not your center’s upload');
    }
    const anonymized = summary?.anonymized ?? 0;
    const rejected = summary?.rejected ?? 0;
    return ok({
      uploadId,
      ...(upload ? { centerId: upload.centerId } : {}),
      ...(centerCode ? { centerCode } : {}),
      received: Math.max(received, anonymized + rejected),
      anonymized,
      rejected,
      pending: Math.max(0, received - anonymized - rejected),
      reasons: summary?.reasons ?? {},
    });
  },
});
