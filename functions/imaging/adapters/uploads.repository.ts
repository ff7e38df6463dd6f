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
  reasons: Record<string, number>;
}

/** Counts one finished image into its upload's summary (the caller's dedupe makes it once per event). */
export function countIntoSummary(
  tx: Transaction,
  uploadId: string,
  centerCode: string | undefined,
  outcome: { status: 'anonymized' } | { status: 'rejected'; reason: string },
): void {
  const ref = db().collection(UPLOAD_SUMMARIES).doc(uploadId);
  tx.set(
    ref,
    {
      uploadId,
      ...(centerCode ? { centerCode } : {}),
      [outcome.status]: FieldValue.increment(1),
      ...(outcome.status === 'rejected' ? { reasons: { [outcome.reason]: FieldValue.increment(1) } } : {}),
    },
    { merge: true },
  );
}

export async function findUploadSummary(uploadId: string): Promise<UploadSummaryDoc | undefined> {
  const snap = await db().collection(UPLOAD_SUMMARIES).doc(uploadId).get();
  return snap.exists ? (snap.data() as UploadSummaryDoc) : undefined;
}

export async function findUpload(uploadId: string): Promise<UploadDoc | undefined> {
  const snap = await db().collection(UPLOADS).doc(uploadId).get();
  return snap.exists ? (snap.data() as UploadDoc) : undefined;
}
