/** Upload sessions opened through `POST /uploads`, and the per-upload summary projection. */
import type { Transaction } from '@google-cloud/firestore';
import { FieldValue } from '@google-cloud/firestore';
import { db } from '../../platform/clients.ts';
import type { RegisteredCenter } from '../domain/image.decider.ts';

export const UPLOADS = 'imaging-uploads';
export const UPLOAD_SUMMARIES = 'upload-summaries';

export interface UploadDoc {
  uploadId: string;
  centerId: string;
  centerCode: string;
  openedBy: string;
  openedAt: Date;
}

/** Opens a new upload for the center, or returns the existing one (undefined if another center owns it). */
export function openUpload(
  uploadId: string,
  center: RegisteredCenter,
  uid: string,
): Promise<UploadDoc | undefined> {
  return db().runTransaction(async (tx) => {
    const ref = db().collection(UPLOADS).doc(uploadId);
    const snap = await tx.get(ref);
    if (snap.exists) {
      const doc = snap.data() as UploadDoc;
      return doc.centerId === center.centerId ? doc : undefined;
    }
    const doc: UploadDoc = {
      uploadId,
      centerId: center.centerId,
      centerCode: center.code,
      openedBy: uid,
      openedAt: new Date(),
    };
    tx.create(ref, doc);
    return doc;
  });
}

export interface UploadSummaryDoc {
  uploadId: string;
  centerCode?: string;
  anonymized: number;
  rejected: number;
  held?: number;
  reasons: Record<string, number>;
}

/** What one finished image counts as. */
export type CountedOutcome = { status: 'anonymized' | 'held' } | { status: 'rejected'; reason: string };

/** The last refusal of an image that may be reprocessed (a rejected→anonymized move then updates counts). */
const refusedFile = (uploadId: string, imageId: string) =>
  db().collection(UPLOAD_SUMMARIES).doc(uploadId).collection('refused').doc(imageId);

const delta = (o: CountedOutcome, by: number) => ({
  [o.status]: FieldValue.increment(by),
  ...(o.status === 'rejected' ? { reasons: { [o.reason]: FieldValue.increment(by) } } : {}),
});

/**
 * Counts one finished image into its upload's summary (the caller's dedupe makes it once per event).
 * A reprocessed image moves its original from the original's last outcome to the new one, so a file is
 * never counted twice. Reads before it writes (Firestore transactions need that order).
 */
export async function countIntoSummary(
  tx: Transaction,
  image: { imageId: string; uploadId: string; centerCode?: string; reprocessOf?: string },
  outcome: CountedOutcome,
): Promise<void> {
  const file = refusedFile(image.uploadId, image.reprocessOf ?? image.imageId);
  const previous = image.reprocessOf
    ? ((await tx.get(file)).data() as CountedOutcome | undefined)
    : undefined;
  const ref = db().collection(UPLOAD_SUMMARIES).doc(image.uploadId);
  const where = { uploadId: image.uploadId, ...(image.centerCode ? { centerCode: image.centerCode } : {}) };
  tx.set(ref, { ...where, ...delta(outcome, 1) }, { merge: true });
  if (previous) tx.set(ref, delta(previous, -1), { merge: true });
  if (outcome.status === 'anonymized') {
    if (previous) tx.delete(file);
  } else tx.set(file, outcome);
}

export async function findUploadSummary(uploadId: string): Promise<UploadSummaryDoc | undefined> {
  const snap = await db().collection(UPLOAD_SUMMARIES).doc(uploadId).get();
  return snap.exists ? (snap.data() as UploadSummaryDoc) : undefined;
}

export async function findUpload(uploadId: string): Promise<UploadDoc | undefined> {
  const snap = await db().collection(UPLOADS).doc(uploadId).get();
  return snap.exists ? (snap.data() as UploadDoc) : undefined;
}

/** Where a page of uploads ended (newest first: opened at, then id). */
export interface UploadPosition {
  at: string;
  uploadId: string;
}

/** A page of uploads, newest first, with each one's summary counts (none yet: zeros). */
export async function uploadsPage(
  pageSize: number,
  { centerCode, after }: { centerCode?: string; after?: UploadPosition },
) {
  let q = db().collection(UPLOADS).orderBy('openedAt', 'desc').orderBy('uploadId', 'desc');
  if (centerCode) q = q.where('centerCode', '==', centerCode);
  if (after) q = q.startAfter(new Date(after.at), after.uploadId);
  const docs = (await q.limit(pageSize).get()).docs.map((d) => d.data() as UploadDoc);
  const summaries =
    docs.length === 0
      ? []
      : await db().getAll(...docs.map((u) => db().collection(UPLOAD_SUMMARIES).doc(u.uploadId)));
  const items = docs.map((u, i) => {
    const s = summaries[i]?.data() as UploadSummaryDoc | undefined;
    return {
      uploadId: u.uploadId,
      centerCode: u.centerCode,
      openedAt: toDate(u.openedAt).toISOString(),
      anonymized: s?.anonymized ?? 0,
      rejected: s?.rejected ?? 0,
      held: s?.held ?? 0,
      reasons: Object.fromEntries(Object.entries(s?.reasons ?? {}).filter(([, n]) => n > 0)),
    };
  });
  const last = items.length === pageSize ? items.at(-1) : undefined;
  return { items, ...(last ? { last: { at: last.openedAt, uploadId: last.uploadId } } : {}) };
}

/** Firestore hands dates back as Timestamps. */
const toDate = (d: Date | { toDate(): Date }) => (d instanceof Date ? d : d.toDate());
