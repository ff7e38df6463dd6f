/**
 * The platform's one outbox: a state change and the events it causes commit in one Firestore transaction
 * (`stageEvents`); a relay publishes them right after commit (`relayStaged`) and a scheduled sweep
 * (`sweepOutbox`) publishes whatever a crash or a Pub/Sub outage left behind. Publishing twice is safe:
 * every consumer dedupes on the CloudEvent source and id.
 */
import type { Transaction } from '@google-cloud/firestore';
import { db } from '../clients.ts';
import type { Logger } from '../logger.ts';
import type { Envelope } from './cloudevent.ts';
import { publish as defaultPublish, type Publish } from './publisher.ts';

export const OUTBOX = 'outbox';

/** How long a staged event may wait for its after-commit relay before the sweep takes it. */
export const SWEEP_AFTER_MS = 15_000;

interface Staged {
  envelope: Envelope;
  stagedAt: Date;
}

const outboxRef = (id: string) => db().collection(OUTBOX).doc(id);

let relayOverride: Publish | undefined;
/**
 * Tests only: the publisher every after-commit relay uses in this process, whatever its caller passed; one
 * that throws plays a publisher killed between commit and publish. `undefined` restores the callers' own.
 */
export function relayPublisherForTests(publish: Publish | undefined): void {
  relayOverride = publish;
}

/** Stages events in the caller's transaction (after its reads): they commit with its writes or not at all. */
export function stageEvents(tx: Transaction, envelopes: readonly Envelope[]): void {
  const stagedAt = new Date();
  // `set`, not `create`: a retried command stages the same deterministic event id again, harmlessly.
  for (const envelope of envelopes) tx.set(outboxRef(envelope.id), { envelope, stagedAt } satisfies Staged);
}

/**
 * Publishes staged events, then removes them. No read first: an event relayed twice (the after-commit relay
 * racing the sweep, or a replayed step) is deduped by its consumers on its id.
 */
async function publishAndClear(pending: readonly Envelope[], publish: Publish): Promise<number> {
  if (pending.length === 0) return 0;
  await publish(pending);
  const batch = db().batch();
  for (const e of pending) batch.delete(outboxRef(e.id));
  await batch.commit();
  return pending.length;
}

/**
 * The after-commit relay; false when it could not publish. It never fails the caller: the state and its events are already durable, and
 * what it cannot publish now the sweep publishes later.
 */
export async function relayStaged(
  envelopes: readonly Envelope[],
  log: Logger,
  publish: Publish = defaultPublish,
): Promise<boolean> {
  try {
    await publishAndClear(envelopes, relayOverride ?? publish);
    return true;
  } catch (error) {
    log.warn('events staged; the outbox sweep will publish them', {
      events: envelopes.length,
      error: (error as Error).message,
    });
    return false;
  }
}

/** The scheduled sweep: publishes every event staged more than `olderThanMs` ago, oldest first. */
export async function sweepOutbox(
  publish: Publish = defaultPublish,
  { olderThanMs = SWEEP_AFTER_MS, limit = 500 }: { olderThanMs?: number; limit?: number } = {},
): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs);
  const snaps = await db()
    .collection(OUTBOX)
    .where('stagedAt', '<=', cutoff)
    .orderBy('stagedAt')
    .limit(limit)
    .get();
  return publishAndClear(
    snaps.docs.map((d) => (d.data() as Staged).envelope),
    publish,
  );
}

/** Runs a transaction that stages its events, then relays them: the one path for "change state and tell". */
export async function commitWithEvents<R extends { result: unknown; events: readonly Envelope[] }>(
  work: (tx: Transaction) => Promise<R>,
  log: Logger,
  publish: Publish = defaultPublish,
): Promise<R['result']> {
  const { result, events } = await db().runTransaction(async (tx) => {
    const done = await work(tx);
    stageEvents(tx, done.events);
    return done;
  });
  await relayStaged(events, log, publish);
  return result;
}
