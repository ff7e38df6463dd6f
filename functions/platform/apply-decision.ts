/**
 * The one load → decide → evolve → save → integration events path, inside the caller's transaction (reads
 * first, then writes, as Firestore requires). Each aggregate supplies its pure decider and its adapters.
 */
import type { Transaction } from '@google-cloud/firestore';
import type { Envelope } from './messaging/cloudevent.ts';

export type Decided<E, R> = { ok: true; events: E[] } | { ok: false; rejection: R };

export interface AggregateAdapters<S, C, E, R, P = undefined> {
  load(tx: Transaction): Promise<S>;
  decide(command: C, state: S): Decided<E, R>;
  evolve(state: S, event: E): S;
  /** Further reads the save needs, once the events are known (before any write). */
  prepare?(tx: Transaction, events: readonly E[]): Promise<P>;
  save(tx: Transaction, next: S, previous: S, prepared: P | undefined): Promise<void> | void;
  /** The integration events of the decided domain events. */
  publish(previous: S, next: S, events: readonly E[]): Envelope[];
}

export type Applied<R> = { ok: true; events: Envelope[] } | { ok: false; rejection: R };

/** Applies one command: a rejection writes nothing, no event changes nothing. */
export async function applyDecision<S, C, E, R, P = undefined>(
  tx: Transaction,
  a: AggregateAdapters<S, C, E, R, P>,
  command: C,
): Promise<Applied<R>> {
  const state = await a.load(tx);
  const decision = a.decide(command, state);
  if (!decision.ok) return decision;
  if (decision.events.length === 0) return { ok: true, events: [] };
  const prepared = await a.prepare?.(tx, decision.events);
  const next = decision.events.reduce(a.evolve, state);
  await a.save(tx, next, state, prepared);
  return { ok: true, events: a.publish(state, next, decision.events) };
}
