/** The event store against the Firestore emulator (which enforces transactions): one writer per version. */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearFirestore } from '../../../emulators/test/suite.ts';
import { db } from '../../platform/clients.ts';
import type { NotificationEvent } from '../domain/notification.decider.ts';
import { appendToStream, ConcurrencyConflict, readAll, readStreamRecords } from './event-store.ts';

beforeEach(clearFirestore);

const created = (id: string, subject: string): NotificationEvent => ({
  type: 'NotificationCreated',
  data: { notificationId: id, subject, at: new Date().toISOString() },
});

/** One attempt, no automatic retry: a lost race surfaces instead of being retried away. */
const appendOnce = (id: string, expected: number, subject: string) =>
  db().runTransaction((tx) => appendToStream(tx, id, expected, [created(id, subject)]), { maxAttempts: 1 });

describe('notifications event store', () => {
  it('lets exactly one of two concurrent appends at the same version win; the loser retries and gets a conflict', async () => {
    const id = `stream-${randomUUID()}`;
    // Both expect version 0; Firestore retries the aborted transaction, which then re-reads version 1.
    const append = (subject: string) =>
      db().runTransaction((tx) => appendToStream(tx, id, 0, [created(id, subject)]));
    const outcomes = await Promise.allSettled([append('first'), append('second')]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(ConcurrencyConflict);
    const records = await readStreamRecords(id);
    expect(records.map((r) => r.version)).toEqual([1]);
  });

  it('refuses an append at a stale expected version, and the retry that re-reads succeeds', async () => {
    const id = `stream-${randomUUID()}`;
    await appendOnce(id, 0, 'a');
    await expect(appendOnce(id, 0, 'b')).rejects.toBeInstanceOf(ConcurrencyConflict);
    await appendOnce(id, 1, 'b');
    expect(
      (await readStreamRecords(id)).map((r) => [r.version, (r.event.data as { subject: string }).subject]),
    ).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it('with Firestore retrying the transaction, concurrent writers that re-read all land, in order', async () => {
    const id = `stream-${randomUUID()}`;
    await Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        db().runTransaction(async (tx) => {
          const head = await tx.get(db().collection('notification-streams').doc(id));
          const version = head.exists ? Number(head.get('version')) : 0;
          return appendToStream(tx, id, version, [created(id, `w${i}`)], new Date(), version);
        }),
      ),
    );
    expect((await readStreamRecords(id)).map((r) => r.version)).toEqual([1, 2, 3]);
  });

  it('replays every stream in global position order', async () => {
    const a = `stream-a-${randomUUID()}`;
    const b = `stream-b-${randomUUID()}`;
    await appendOnce(a, 0, 'a1');
    await appendOnce(b, 0, 'b1');
    await appendOnce(a, 1, 'a2');
    const seen: string[] = [];
    for await (const r of readAll(2)) seen.push(`${r.streamId === a ? 'a' : 'b'}${r.version}`);
    expect(seen).toEqual(['a1', 'b1', 'a2']);
  });
});
