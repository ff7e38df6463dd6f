/**
 * Push deliveries counted per function and outcome in this process: the local host serves them at
 * `/_deliveries`, so a bench can say how many deliveries a flow cost and how many were ignored.
 */

/** What became of one push delivery. `filtered`: a type the subscription's filter excludes (see event-handler). */
export type Outcome = 'processed' | 'duplicate' | 'dead-lettered' | 'filtered';

/**
 * A delivery's outcome; `failed`: the handler threw and Pub/Sub will redeliver; `filtered-upstream`: the local
 * host dropped it for the subscription's filter before any function code ran (Pub/Sub never delivers those).
 */
export type Counted = Outcome | 'failed' | 'filtered-upstream';

export type DeliveryCounts = Record<string, Record<Counted, number>>;

const zero = (): Record<Counted, number> => ({
  processed: 0,
  duplicate: 0,
  'dead-lettered': 0,
  filtered: 0,
  'filtered-upstream': 0,
  failed: 0,
});

const counts: DeliveryCounts = {};

export function countDelivery(fn: string, outcome: Counted): void {
  counts[fn] ??= zero();
  counts[fn][outcome]++;
}

/** A copy of the counts so far. */
export const deliveryCounts = (): DeliveryCounts => structuredClone(counts);

/** Totals by outcome of `after` minus `before` (two readings of `deliveryCounts`). */
export function deliveriesBetween(before: DeliveryCounts, after: DeliveryCounts): Record<Counted, number> {
  const total = zero();
  for (const [fn, byOutcome] of Object.entries(after))
    for (const outcome of Object.keys(total) as Counted[])
      total[outcome] += byOutcome[outcome] - (before[fn]?.[outcome] ?? 0);
  return total;
}
