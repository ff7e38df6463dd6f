/**
 * The ingest ledger: one document per ingested object (by image id), the dedupe record of the storage
 * trigger. It commits in the same transaction as the catalogue record and carries the outbox of events.
 */
import { createHash } from 'node:crypto';
import { type DocumentSnapshot, FieldValue, Timestamp, type Transaction } from '@google-cloud/firestore';
import { db } from '../../platform/clients.ts';
import type { Envelope } from '../../platform/messaging/cloudevent.ts';
import type { CatalogueRecord } from '../domain/catalogue.ts';
import { IMAGES } from './catalogue.repository.ts';

export const INGESTS = 'imaging-ingests';

export interface LedgerEntry {
  imageId: string;
  /** SHA-256 of the object name (names are chosen by uploaders and may carry personal data). */
  nameHash: string;
  uploadId?: string;
  centerCode?: string;
  status: 'received' | 'anonymized' | 'rejected';
  attempts: number;
  reason?: string;
  receivedAt: Date;
  finishedAt?: Date;
  outbox: Envelope[];
  published: boolean;
  /** True when a sidecar file was read for this image (its later finalize event is then only cleanup). */
  sidecarUsed?: boolean;
}

export const nameHashOf = (name: string) => createHash('sha256').update(name).digest('hex');

const ref = (imageId: string) => db().collection(INGESTS).doc(imageId);

/** Firestore hands dates back as Timestamps. */
function entryOf(snap: DocumentSnapshot): LedgerEntry | undefined {
  if (!snap.exists) return undefined;
  const data = snap.data() as LedgerEntry & { receivedAt: Date | Timestamp };
  const receivedAt = data.receivedAt instanceof Timestamp ? data.receivedAt.toDate() : data.receivedAt;
  return { ...data, receivedAt };
}

export async function findLedger(imageId: string): Promise<LedgerEntry | undefined> {
  return entryOf(await ref(imageId).get());
}

const firstEntry = (
  imageId: string,
  at: { name: string; uploadId?: string; centerCode?: string },
  attempts: number,
): LedgerEntry => ({
  imageId,
  nameHash: nameHashOf(at.name),
  ...(at.uploadId ? { uploadId: at.uploadId } : {}),
  ...(at.centerCode ? { centerCode: at.centerCode } : {}),
  status: 'received',
  attempts,
  receivedAt: new Date(),
  outbox: [],
  published: false,
});

const ALREADY_EXISTS = 6;

/**
 * Records one more delivery of the object (creating the entry on the first): returns the entry after it.
 * No transaction: a create, else an increment, is enough for a counter and avoids lock waits per file.
 */
export async function recordAttempt(
  imageId: string,
  at: { name: string; uploadId?: string; centerCode?: string },
): Promise<LedgerEntry> {
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
export async function ensureLedger(
  imageId: string,
  at: { name: string; uploadId?: string; centerCode?: string },
): Promise<void> {
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
    .where('status', 'in', ['anonymized', 'rejected'])
    .limit(1)
    .get();
  const doc = snap.docs[0];
  return doc ? entryOf(doc) : undefined;
}

type Finish =
  | { status: 'anonymized'; record: CatalogueRecord; outbox: Envelope[]; sidecarUsed: boolean }
  | { status: 'rejected'; reason: string; outbox: Envelope[] };

/**
 * Finishes the entry and, for an anonymized image, creates its catalogue record, in one transaction.
 * An entry finished by a concurrent delivery wins: its outbox is returned instead.
 */
export function finishLedger(imageId: string, finish: Finish): Promise<LedgerEntry> {
  return db().runTransaction(async (tx: Transaction) => {
    const current = entryOf(await tx.get(ref(imageId)));
    if (!current) throw new Error('finishing a ledger entry that was never recorded');
    if (current.status !== 'received') return current;
    const next: LedgerEntry = {
      ...current,
      status: finish.status,
      ...(finish.status === 'rejected' ? { reason: finish.reason } : { sidecarUsed: finish.sidecarUsed }),
      finishedAt: new Date(),
      outbox: finish.outbox,
      published: false,
    };
    tx.set(ref(imageId), next);
    if (finish.status === 'anonymized') tx.set(db().collection(IMAGES).doc(imageId), finish.record);
    return next;
  });
}

export const markPublished = (imageId: string) => ref(imageId).update({ published: true });

/** Image files received for an upload (sidecars have no entry). */
export async function receivedCount(uploadId: string): Promise<number> {
  const snap = await db().collection(INGESTS).where('uploadId', '==', uploadId).count().get();
  return snap.data().count;
}
