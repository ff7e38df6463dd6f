/** Builds the view of an upload (GET /uploads/{id} and its live stream share it). */
import type { UploadFileOutcome, UploadSummaryView } from '../../../schemas/imaging/v1/upload.view.ts';
import type { Principal } from '../../platform/auth.ts';
import { problem } from '../../platform/http/problem.ts';
import { centerById } from './imaging-centers.repository.ts';
import { type LedgerEntry, ledgerPage, receivedCount } from './ingest-ledger.ts';
import { findUpload, findUploadSummary } from './uploads.repository.ts';

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

/**
 * The upload's counts and one page of per-file outcomes, or the problem a caller gets: 400 for a token we
 * did not issue, 404 for no such upload, 403 for another center's.
 */
export async function uploadView(
  uploadId: string,
  principal: Principal,
  page: { pageSize: number; pageToken?: string },
) {
  const after = page.pageToken === undefined ? undefined : decodeToken(page.pageToken);
  if (after !== undefined && !UUID.test(after))
    return problem(400, 'validation', 'invalid query', [
      { field: 'query.pageToken', message: 'not a token we issued' },
    ]);
  const [summary, upload, received, items] = await Promise.all([
    findUploadSummary(uploadId),
    findUpload(uploadId),
    receivedCount(uploadId),
    ledgerPage(uploadId, page.pageSize, after),
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
  const view: UploadSummaryView = {
    uploadId,
    ...(upload ? { centerId: upload.centerId } : {}),
    ...(centerCode ? { centerCode } : {}),
    received: Math.max(received, done),
    anonymized,
    rejected,
    held,
    pending: Math.max(0, received - done),
    reasons: positive(summary?.reasons ?? {}),
    files: items.items.map(fileOutcome),
    ...(items.last ? { nextPageToken: encodeToken(items.last) } : {}),
  };
  return view;
}
