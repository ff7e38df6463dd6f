/**
 * The notifications event store on Firestore: one stream per notification.
 *   notification-streams/{streamId}                  { version }  — the expected-version guard
 *   notification-streams/{streamId}/events/{000…01}  one document per event, id = zero-padded version
 * An append reads the stream document in the caller's transaction, refuses a version other than the expected
 * one, and `create`s each event document: a second writer of the same version fails even if it skipped the
 * guard. Nothing else is stored as truth; state is always a fold of the stream.
 *
 * Global order (for rebuilding projections) is the `position` field: commit time (ISO, ms) + stream id +
 * version. We chose it over a global sequence because a single counter document would be written by every
 * append of every stream, and Firestore sustains about one write per second per document: that counter
 * would serialise the whole store. Time-ordered positions need no shared document; their only weakness is
 * that two streams' events in the same millisecond (or across skewed clocks) may be ordered either way,
 * which projections keyed per stream do not care about: they order by version within a stream.
 */
import type { Transaction } from '@google-cloud/firestore';
import {
  type EventRecord,
  EventRecord as EventRecordSchema,
  type NotificationEvent,
} from '../../../schemas/notifications/v1/notification-events.ts';
import { db } from '../../platform/clients.ts';

export const STREAMS = 'notification-streams';
export const EVENTS = 'events';

/** Another writer appended first: reload, decide again (the transaction retries) or give up. */
export class ConcurrencyConflict extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected version ${expected}, found ${actual}`);
    this.name = 'ConcurrencyConflict';
  }
}

const pad = (version: number) => String(version).padStart(10, '0');
const streamRef = (id: string) => db().collection(STREAMS).doc(id);
const eventsOf = (id: string) => streamRef(id).collection(EVENTS);

/**
 * Reads a stream inside a transaction: the head, then its event documents by id (versions 1…n). Document reads,
 * not a query: a transactional query locks a whole range (the emulator serialises unrelated streams on it).
 */
export async function readStream(
  tx: Transaction,
  streamId: string,
): Promise<{ version: number; events: NotificationEvent[] }> {
  const head = await tx.get(streamRef(streamId));
  const version = head.exists ? Number(head.get('version')) : 0;
  if (version === 0) return { version, events: [] };
  const refs = Array.from({ length: version }, (_, i) => eventsOf(streamId).doc(pad(i + 1)));
  const docs = await tx.getAll(...refs);
  return { version, events: docs.map((d) => EventRecordSchema.parse(d.data()).event) };
}

/** Reads a stream outside a transaction (queries, audit trail). */
export async function readStreamRecords(streamId: string): Promise<EventRecord[]> {
  const snap = await eventsOf(streamId).orderBy('version').get();
  return snap.docs.map((d) => EventRecordSchema.parse(d.data()));
}

/**
 * Appends events at `expectedVersion` (0 for a new stream). Call after every read of the transaction.
 * Throws ConcurrencyConflict when the stream moved; inside `runTransaction` a concurrent commit also makes
 * Firestore retry the whole function, which then reads the new version and decides again.
 */
export async function appendToStream(
  tx: Transaction,
  streamId: string,
  expectedVersion: number,
  events: readonly NotificationEvent[],
  now: Date = new Date(),
  knownVersion?: number,
): Promise<number> {
  const actual = knownVersion ?? (await versionOf(tx, streamId));
  if (actual !== expectedVersion) throw new ConcurrencyConflict(streamId, expectedVersion, actual);
  let version = expectedVersion;
  for (const event of events) {
    version += 1;
    const record: EventRecord = {
      streamId,
      version,
      position: `${now.toISOString()}|${streamId}|${pad(version)}`,
      event,
    };
    tx.create(eventsOf(streamId).doc(pad(version)), record);
  }
  if (events.length > 0) tx.set(streamRef(streamId), { version, updatedAt: now });
  return version;
}

async function versionOf(tx: Transaction, streamId: string): Promise<number> {
  const head = await tx.get(streamRef(streamId));
  return head.exists ? Number(head.get('version')) : 0;
}

/** Every event of every stream in global position order, page by page (rebuilds, audits). */
export async function* readAll(pageSize = 500): AsyncGenerator<EventRecord> {
  let after: string | undefined;
  for (;;) {
    let q = db().collectionGroup(EVENTS).orderBy('position').limit(pageSize);
    if (after) q = q.startAfter(after);
    const snap = await q.get();
    for (const d of snap.docs) {
      // Only our own streams: another context could one day own a subcollection named `events`.
      if (d.ref.parent.parent?.parent.id !== STREAMS) continue;
      yield EventRecordSchema.parse(d.data());
    }
    if (snap.size < pageSize) return;
    after = snap.docs.at(-1)?.get('position') as string;
  }
}
