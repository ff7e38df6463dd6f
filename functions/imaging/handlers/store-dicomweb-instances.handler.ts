/**
 * POST /dicomweb/studies — STOW-RS (PS3.18 §10.5) for health centers: a `multipart/related;
 * type="application/dicom"` body of PS3.10 instances becomes one new upload of the caller's center. Each
 * part that passes the checks of `domain/dicomweb/stow-instance.ts` is written to the center's ingest folder
 * (`centers/{code}/{uploadId}/{hash of its SOP Instance UID}.dcm`), where anonymize-upload takes it as any
 * other upload; a corrupt part is refused alone. `?upload=<uuid>` joins an upload of the same center (a
 * DICOM adapter sends one association as several requests), and a retried request stores nothing twice. The answer is the Store Instances Response (200 all, 202 some, 409 none written),
 * with the upload's status URL in `Location` and `Link: rel="monitor"`: outcomes are at GET /uploads/{id}.
 *
 * The body is buffered: functions-framework reads every request body before the handler runs (its raw
 * parser), so nothing can stream; the manifest caps it at Cloud Run's 32 MiB request limit.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Request } from '@google-cloud/functions-framework';
import { StoreInstancesResponse } from '../../../schemas/imaging/v1/stow-response.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import type { Principal } from '../../platform/auth.ts';
import { type HttpResult, httpHandler } from '../../platform/http/http-handler.ts';
import { type Problem as ProblemBody, problem } from '../../platform/http/problem.ts';
import type { Logger } from '../../platform/logger.ts';
import { centerById } from '../adapters/imaging-centers.repository.ts';
import { writeToIngest } from '../adapters/stow-ingest.ts';
import { openUpload } from '../adapters/uploads.repository.ts';
import { relatedType, splitRelated } from '../domain/dicomweb/multipart-related.ts';
import { type Inspection, inspectPart, refuseRepeats } from '../domain/dicomweb/stow-instance.ts';
import {
  FailureReason,
  type PartOutcome,
  storeResponseJson,
  storeResponseXml,
  stowStatus,
} from '../domain/dicomweb/stow-response.ts';
import { stowPartFile, uploadObjectName } from '../domain/upload-path.ts';

/** Response media types, preferred first (`application/json` for clients that ask for plain JSON). */
const ANSWERS = ['application/dicom+json', 'application/json', 'application/dicom+xml'] as const;
const WRITES_AT_ONCE = 8;

/** The object name of an instance inside its upload folder: its UID hashed (UIDs can identify a study). */
const partFile = (sopInstanceUid: string) =>
  stowPartFile(createHash('sha256').update(sopInstanceUid).digest('hex'));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Runs `fn` over `items`, at most `limit` at a time, keeping their order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const refused = (i: Extract<Inspection, { ok: false }>): PartOutcome => ({
  stored: false,
  reason: i.reason,
  ...(i.sopClassUid ? { sopClassUid: i.sopClassUid } : {}),
  ...(i.sopInstanceUid ? { sopInstanceUid: i.sopInstanceUid } : {}),
});

/** Failure reasons and their counts, for one log line (`c000:1,c409:2`): codes only, never UIDs. */
const reasonCounts = (outcomes: readonly PartOutcome[]) => {
  const counts = new Map<string, number>();
  for (const o of outcomes)
    if (!o.stored) counts.set(o.reason.toString(16), (counts.get(o.reason.toString(16)) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${r}:${n}`).join(',');
};

export interface StowContext {
  req: Request;
  principal: Principal;
  log: Logger;
}

/** The whole transaction; `study` is the Study Instance UID of `/dicomweb/studies/{study}`, if given. */
export async function storeInstances(
  { req, principal, log }: StowContext,
  study?: string,
): Promise<HttpResult | ProblemBody> {
  const type = relatedType(req.header('content-type'));
  if (!type.ok)
    return problem(
      type.status,
      type.status === 415 ? 'unsupported-media-type' : 'malformed-multipart',
      type.detail,
    );
  const answer = req.accepts([...ANSWERS]) as (typeof ANSWERS)[number] | false;
  if (!answer) return problem(406, 'not-acceptable', `the response is one of: ${ANSWERS.join(', ')}`);
  const joined = req.query.upload;
  if (joined !== undefined && (typeof joined !== 'string' || !UUID.test(joined)))
    return problem(400, 'validation', 'invalid query', [
      { field: 'query.upload', message: 'must be an upload id (UUID)' },
    ]);
  const center = principal.centerId ? await centerById(principal.centerId) : undefined;
  if (!center) return problem(403, 'forbidden', 'your account is not linked to a registered center');

  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const split = splitRelated(body, type.boundary);
  if (!split.ok)
    return problem(400, 'malformed-multipart', `part ${split.part}: ${split.detail}`, [
      { field: `body.part[${split.part}]`, message: split.detail },
    ]);
  if (split.parts.length === 0)
    return problem(400, 'malformed-multipart', 'the body has no parts', [
      { field: 'body', message: 'no parts' },
    ]);

  const inspections = refuseRepeats(split.parts.map((p) => inspectPart(p, study)));
  const admitted = inspections.some((i) => i.ok);
  // One new upload per request unless it joins one, opened only when there is something to put in it.
  const upload = admitted ? await openUpload(joined ?? randomUUID(), center, principal.uid) : undefined;
  if (admitted && !upload) {
    if (joined)
      return problem(409, 'upload-not-yours', 'this upload id belongs to another center', [
        { field: 'query.upload', message: 'belongs to another center' },
      ]);
    throw new Error('a new upload id was already taken');
  }
  const outcomes = await mapLimited(split.parts, WRITES_AT_ONCE, async (part): Promise<PartOutcome> => {
    const inspection = inspections[part.number - 1] as Inspection;
    if (!inspection.ok || !upload) return refused(inspection as Extract<Inspection, { ok: false }>);
    const ids = { sopClassUid: inspection.sopClassUid, sopInstanceUid: inspection.sopInstanceUid };
    const name = uploadObjectName(center.code, upload.uploadId, partFile(inspection.sopInstanceUid));
    const written = await writeToIngest(name, part.bytes);
    if (written.result === 'written' || written.result === 'already-there') return { stored: true, ...ids };
    log.warn('stow-rs part not written', { part: part.number, code: written.code, error: written.error });
    const reason =
      written.result === 'out-of-resources' ? FailureReason.outOfResources : FailureReason.processingFailure;
    return { stored: false, reason, ...ids };
  });

  const status = stowStatus(outcomes);
  const stored = outcomes.filter((o) => o.stored).length;
  log.info('stow-rs stored', {
    uploadId: upload?.uploadId,
    parts: outcomes.length,
    stored,
    refused: outcomes.length - stored,
    reasons: reasonCounts(outcomes),
  });
  const monitor = upload && stored > 0 ? `/uploads/${upload.uploadId}` : undefined;
  const headers: Record<string, string> = {
    'Content-Type': answer,
    ...(monitor ? { Location: monitor, Link: `<${monitor}>; rel="monitor"` } : {}),
  };
  const text =
    answer === 'application/dicom+xml'
      ? storeResponseXml(outcomes)
      : JSON.stringify(storeResponseJson(outcomes));
  return { status, headers, body: Buffer.from(text, 'utf8') };
}

/** What the generated OpenAPI document lists (202 is left out: there it means a queued command). */
export const STOW_RESPONSES = {
  200: StoreInstancesResponse,
  400: Problem,
  403: Problem,
  406: Problem,
  409: StoreInstancesResponse,
  413: Problem,
  415: Problem,
};

export default httpHandler({
  responses: STOW_RESPONSES,
  handle: (ctx) => storeInstances(ctx),
});
