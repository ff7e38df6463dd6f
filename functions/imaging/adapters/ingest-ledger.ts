/**
 * The ingest ledger: one document per ingested object (by image id), the dedupe record of the storage
 * trigger. It commits in the same transaction as the catalogue record and carries the outbox of events.
 */

import { createHash } from 'node:crypto';
import {
  type DocumentSnapshot,
  FieldPath,
  FieldValue,
  Timestamp,
  type Transaction,
} from '@google-cloud/firestore';
import { db } from '../../platform/clients.ts';
import type { Envelope } from '../../platform/messaging/cloudevent.ts';
import { stageEvents } from '../../platform/messaging/outbox.ts';
import type { CatalogueRecord } from '../domain/catalogue.ts';
import type { FinishedStatus } from '../domain/ingest-pipeline.ts';
import type { Box } from '../domain/pixels/text-box.ts';
import { IMAGES } from './catalogue.repository.ts';

export const INGESTS = 'imaging-ingests';

export interface LedgerEntry {
  imageId: string;
  /** SHA-256 of the object name (names are chosen by uploaders and may carry personal data). */
  nameHash: string;
  uploadId?: string;
  centerCode?: string;
  status: 'received' | FinishedStatus;
  attempts: number;
  reason?: string;
  /** The refusal's PHI-free detail (attributes by tag and keyword), for `GET /uploads/{id}`. */
  detail?: string;
  receivedAt: Date;
  finishedAt?: Date;
  outbox: Envelope[];
  published: boolean;
  /**
   * True when a sidecar file `<name>.json` was read for this image, whatever the finish: every later
   * delivery (a retry, a redelivery) deletes it, and its own finalize event is then only cleanup.
   */
  sidecarUsed?: boolean;
  /** The quarantined or held image this re-upload reprocesses (not counted as received twice). */
  reprocessOf?: string;
  /** A held image's OCR boxes (filled, and text left after filling), for the pixel review. */
  boxes?: Box[];
}

/** Where an ingest object came from: its name (hashed, never stored) and what its path and metadata say. */
export interface LedgerOrigin {
  name: string;
  uploadId?: string;
  centerCode?: string;
  reprocessOf?: string;
}

export const nameHashOf = (name: string) => createHash('sha256').update(name).digest('hex');

const ref = (imageId: string) => db().collection(INGESTS).doc(imageId);

const dateOf = (d: Date | Timestamp) => (d instanceof Timestamp ? d.toDate() : d);

/** Firestore hands dates back as Timestamps. */
function entryOf(snap: DocumentSnapshot): LedgerEntry | undefined {
  if (!snap.exists) return undefined;
  const data = snap.data() as LedgerEntry & { receivedAt: Date | Timestamp; finishedAt?: Date | Timestamp };
  return {
    ...data,
    receivedAt: dateOf(data.receivedAt),
    ...(data.finishedAt ? { finishedAt: dateOf(data.finishedAt) } : {}),
  };
}

export async function findLedger(imageId: string): Promise<LedgerEntry | undefined> {
  return entryOf(await ref(imageId).get());
}

const firstEntry = (imageId: string, at: LedgerOrigin, attempts: number): LedgerEntry => ({
  imageId,
  nameHash: nameHashOf(at.name),
  ...(at.uploadId ? { uploadId: at.uploadId } : {}),
  ...(at.centerCode ? { centerCode: at.centerCode } : {}),
  ...(at.reprocessOf ? { reprocessOf: at.reprocessOf } : {}),
  status: 'received',
  attempts,
  receivedAt: new Date(),
  outbox: [],
  published: false,
});

const ALREADY_EXISTS = 6;

/**
 * Records one more delivery of the object (creating the entry on the first) and returns the entry after
 * it, finished or not: the pipeline's only read of the ledger before the finish.
 * No transaction: a create, else an increment, is enough for a counter and avoids lock waits per file.
 */
export async function recordDelivery(imageId: string, at: LedgerOrigin): Promise<LedgerEntry> {
  const first = firstEntry(imageId, at, 1);
  try {
    await ref(imageId).create(first);
    return first;
  } catch (e) {
    if ((e as { code?: number }).code !== ALREADY_EXISTS) throw e;
  }
  await ref(imageId).update({ attempts: FieldValue.increment(1) });
  return entryOf(await ref(imageId).get()) as LedgerEntry;
}

/** Creates the entry when there is none (a sidecar, which has no attempt of its own); no-op otherwise. */
export async function ensureLedger(imageId: string, at: LedgerOrigin): Promise<void> {
  try {
    await ref(imageId).create(firstEntry(imageId, at, 0));
  } catch (e) {
    if ((e as { code?: number }).code !== ALREADY_EXISTS) throw e;
  }
}

/** The finished entry of an image object with this name, if any (to tell a used sidecar from a late one). */
export async function nameFinished(name: string): Promise<LedgerEntry | undefined> {
  const snap = await db()
    .collection(INGESTS)
    .where('nameHash', '==', nameHashOf(name))
    .where('status', 'in', ['anonymized', 'held', 'rejected'])
    .limit(1)
    .get();
  const doc = snap.docs[0];
  return doc ? entryOf(doc) : undefined;
}

export type LedgerFinish = { outbox: Envelope[]; sidecarUsed: boolean } & (
  | { status: 'anonymized'; record: CatalogueRecord }
  | { status: 'held' | 'rejected'; reason: string; detail: string; boxes?: readonly Box[] }
);

/**
 * Finishes the entry and, for an anonymized image, creates its catalogue record, in one transaction.
 * An entry finished by a concurrent delivery wins: its outbox is returned instead.
 */
export function finishLedger(imageId: string, finish: LedgerFinish): Promise<LedgerEntry> {
  return db().runTransaction(async (tx: Transaction) => {
    const current = entryOf(await tx.get(ref(imageId)));
    if (!current) throw new Error('finishing a ledger entry that was never recorded');
    if (current.status !== 'received') return current;
    const next: LedgerEntry = {
      ...current,
      status: finish.status,
      ...(finish.status === 'anonymized' ? {} : { reason: finish.reason, detail: finish.detail }),
      // Where the OCR saw text on a held image: drawn for the privacy officer's pixel review.
      ...(finish.status !== 'anonymized' && finish.boxes ? { boxes: [...finish.boxes] } : {}),
      sidecarUsed: finish.sidecarUsed,
      finishedAt: new Date(),
      outbox: finish.outbox,
      published: false,
    };
    tx.set(ref(imageId), next);
    // Staged in the platform outbox too: if the relay below never runs, the sweep publishes them.
    stageEvents(tx, finish.outbox);
    if (finish.status === 'anonymized') tx.set(db().collection(IMAGES).doc(imageId), finish.record);
    return next;
  });
}

export const markPublished = (imageId: string) => ref(imageId).update({ published: true });

const ofUpload = (uploadId: string) => db().collection(INGESTS).where('uploadId', '==', uploadId);

/** Image files received for an upload (sidecars have no entry; a reprocessed file counts once). */
export async function receivedCount(uploadId: string): Promise<number> {
  const [all, reprocessed] = await Promise.all([
    ofUpload(uploadId).count().get(),
    ofUpload(uploadId).where('reprocessOf', '>', '').count().get(),
  ]);
  return all.data().count - reprocessed.data().count;
}

/** One page of an upload's ledger entries, by image id (the document id); `last` when there is more. */
export async function ledgerPage(
  uploadId: string,
  pageSize: number,
  after?: string,
): Promise<{ items: LedgerEntry[]; last?: string }> {
  let query = ofUpload(uploadId).orderBy(FieldPath.documentId());
  if (after) query = query.startAfter(after);
  const snap = await query.limit(pageSize + 1).get();
  const entries = snap.docs.map((d) => entryOf(d) as LedgerEntry);
  const items = entries.slice(0, pageSize);
  const last = items.at(-1)?.imageId;
  return entries.length > pageSize && last ? { items, last } : { items };
}
