/**
 * What a STOW-RS answer means for each instance of the request (PS3.18 §10.5.3): listed in
 * ReferencedSOPSequence → forwarded; in FailedSOPSequence → failed with its Failure Reason, not retried;
 * and for the request as a whole: 401 → new token and retry, 403/408/429/5xx (or no answer) → retry with
 * backoff (the platform or the center's registration may come back), 413 → send fewer at once, any other
 * 4xx → every instance failed with that status.
 */
export interface SentInstance {
  seq: number;
  sopInstanceUid: string;
}

export type InstanceResult =
  | { seq: number; result: 'forwarded' }
  | { seq: number; result: 'failed'; reason: string };

export type StowVerdict =
  | { kind: 'answered'; results: InstanceResult[]; platformUploadId?: string }
  | { kind: 'retry'; why: string; renewToken: boolean }
  | { kind: 'split' }
  | { kind: 'refused'; reason: string };

type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

const REFERENCED_SOP_SEQUENCE = '00081199';
const FAILED_SOP_SEQUENCE = '00081198';
const REFERENCED_SOP_INSTANCE_UID = '00081155';
const FAILURE_REASON = '00081197';

const items = (ds: DicomJson, tag: string): DicomJson[] =>
  (ds[tag]?.Value ?? []).filter((v): v is DicomJson => typeof v === 'object' && v !== null);
const uidOf = (item: DicomJson) => {
  const v = item[REFERENCED_SOP_INSTANCE_UID]?.Value?.[0];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** `stow-c000`: the Failure Reason as 4 hex digits. */
export const reasonCode = (reason: unknown) =>
  typeof reason === 'number' ? `stow-${reason.toString(16).padStart(4, '0')}` : 'stow-unspecified';

/** The platform upload a STOW-RS answer points at (`Location: /uploads/{id}`). */
export function uploadIdFromLocation(location: string | null | undefined): string | undefined {
  const m = /\/uploads\/([0-9a-f-]{36})(?:[?#]|$)/i.exec(location ?? '');
  return m?.[1];
}

/** Per-instance outcomes of a Store Instances Response, matched to the request by SOP Instance UID. */
export function matchResponse(sent: readonly SentInstance[], body: DicomJson): InstanceResult[] {
  const referenced = new Map<string, number>();
  for (const it of items(body, REFERENCED_SOP_SEQUENCE)) {
    const uid = uidOf(it);
    if (uid) referenced.set(uid, (referenced.get(uid) ?? 0) + 1);
  }
  const failedByUid = new Map<string, unknown[]>();
  const failedUnnamed: unknown[] = [];
  for (const it of items(body, FAILED_SOP_SEQUENCE)) {
    const uid = uidOf(it);
    const reason = it[FAILURE_REASON]?.Value?.[0];
    if (uid) failedByUid.set(uid, [...(failedByUid.get(uid) ?? []), reason]);
    else failedUnnamed.push(reason);
  }
  return sent.map((s) => {
    const stored = referenced.get(s.sopInstanceUid) ?? 0;
    if (stored > 0) {
      referenced.set(s.sopInstanceUid, stored - 1);
      return { seq: s.seq, result: 'forwarded' };
    }
    const named = failedByUid.get(s.sopInstanceUid);
    if (named && named.length > 0) return { seq: s.seq, result: 'failed', reason: reasonCode(named.shift()) };
    if (failedUnnamed.length > 0)
      return { seq: s.seq, result: 'failed', reason: reasonCode(failedUnnamed.shift()) };
    return { seq: s.seq, result: 'failed', reason: 'stow-not-in-answer' };
  });
}

export function judgeStowAnswer(
  sent: readonly SentInstance[],
  answer: { status: number; contentType: string | null; body: string; location: string | null },
): StowVerdict {
  const { status } = answer;
  if (status === 401) return { kind: 'retry', why: 'http-401', renewToken: true };
  if (status === 403 || status === 408 || status === 429 || status >= 500)
    return { kind: 'retry', why: `http-${status}`, renewToken: false };
  if (status === 413) return { kind: 'split' };
  if (status === 200 || status === 202 || status === 409) {
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      body = undefined;
    }
    const isStoreResponse =
      typeof body === 'object' &&
      body !== null &&
      (REFERENCED_SOP_SEQUENCE in body || FAILED_SOP_SEQUENCE in body);
    if (isStoreResponse) {
      const platformUploadId = uploadIdFromLocation(answer.location);
      return {
        kind: 'answered',
        results: matchResponse(sent, body as DicomJson),
        ...(platformUploadId ? { platformUploadId } : {}),
      };
    }
    if (status !== 409) return { kind: 'retry', why: `http-${status}-unreadable`, renewToken: false };
  }
  return { kind: 'refused', reason: `http-${status}` };
}
