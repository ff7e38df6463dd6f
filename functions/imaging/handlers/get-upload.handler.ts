/**
 * GET /uploads/{uploadId} — what became of a drop: received, anonymized, held, rejected (by reason),
 * pending, and a page of per-file outcomes with their PHI-free details (never object names).
 */
import {
  GetUploadQuery,
  type UploadFileOutcome,
  UploadIdParams,
  UploadSummaryView,
} from '../../../schemas/imaging/v1/upload.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { centerById } from '../adapters/imaging-centers.repository.ts';
import { type LedgerEntry, ledgerPage, receivedCount } from '../adapters/ingest-ledger.ts';
import { findUpload, findUploadSummary } from '../adapters/uploads.repository.ts';

const decodeToken = (token: string) => Buffer.from(token, 'base64url').toString('utf8');
const encodeToken = (imageId: string) => Buffer.from(imageId, 'utf8').toString('base64url');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One ledger entry as a per-file outcome: status, reason and detail, no name. */
const fileOutcome = (e: LedgerEntry): UploadFileOutcome => ({
  imageId: e.imageId,
  status: e.status === 'received' ? 'pending' : e.status,
  ...(e.reason ? { reason: e.reason } : {}),
  ...(e.detail ? { detail: e.detail } : {}),
  ...(e.finishedAt ? { finishedAt: e.finishedAt.toISOString() } : {}),
  ...(e.reprocessOf ? { reprocessOf: e.reprocessOf } : {}),
});

/** Counts a reprocessing moved to zero are dropped (the view lists reasons that still apply). */
const positive = (reasons: Record<string, number>) =>
  Object.fromEntries(Object.entries(reasons).filter(([, n]) => n > 0));

export default httpHandler({
  params: UploadIdParams,
  query: GetUploadQuery,
  responses: { 200: UploadSummaryView, 400: Problem, 403: Problem, 404: Problem },
  async handle({ params, query, principal }) {
    const { uploadId } = params;
    const after = query.pageToken === undefined ? undefined : decodeToken(query.pageToken);
    if (after !== undefined && !UUID.test(after))
      return problem(400, 'validation', 'invalid query', [
        { field: 'query.pageToken', message: 'not a token we issued' },
      ]);
    const [summary, upload, received, page] = await Promise.all([
      findUploadSummary(uploadId),
      findUpload(uploadId),
      receivedCount(uploadId),
      ledgerPage(uploadId, query.pageSize, after),
    ]);
    if (!summary && !upload && received === 0) return problem(404, 'not-found', 'no such upload');
    const centerCode = upload?.centerCode ?? summary?.centerCode;
    if (!principal.roles.includes('admin')) {
      const own = principal.centerId ? await centerById(principal.centerId) : undefined;
      if (!own || own.code !== centerCode) return problem(403, 'forbidden', 'not your center’s upload');
    }
    const anonymized = summary?.anonymized ?? 0;
    const rejected = summary?.rejected ?? 0;
    const held = summary?.held ?? 0;
    const done = anonymized + rejected + held;
    return ok({
      uploadId,
      ...(upload ? { centerId: upload.centerId } : {}),
      ...(centerCode ? { centerCode } : {}),
      received: Math.max(received, done),
      anonymized,
      rejected,
      held,
      pending: Math.max(0, received - done),
      reasons: positive(summary?.reasons ?? {}),
      files: page.items.map(fileOutcome),
      ...(page.last ? { nextPageToken: encodeToken(page.last) } : {}),
    });
  },
});
