/**
 * Quarantine review, the pure decisions: what reprocessing, discarding and settling a re-upload do to a
 * quarantine item given its ledger entry, and how a backlog job's counters read.
 *
 * An item is a ledger entry a finish left `rejected` or `held`. Reprocessing moves it to `reprocessing`
 * (its original goes back to ingest), the pipeline's finish of the re-upload settles it as `reprocessed`
 * (pointing at the new image); discarding moves it to `discarded`. A re-upload refused again is itself
 * the item from then on, so one refused file is always exactly one item.
 */
import { createHash } from 'node:crypto';

/** Ledger statuses of quarantine items, open (refused or held) or closed by review. */
export type ReviewStatus = 'rejected' | 'held' | 'reprocessing' | 'reprocessed' | 'discarded';
export type ReprocessOutcome = 'anonymized' | 'held' | 'rejected';

/** The statuses listed for review and reprocessed by a backlog. */
export const OPEN_STATUSES = ['rejected', 'held'] as const;
export type OpenStatus = (typeof OPEN_STATUSES)[number];

/** What review needs of a ledger entry (other statuses are images that were never refused). */
export interface ReviewEntry {
  imageId: string;
  status: string;
  /** The open status an item had before review moved it on (where its quarantine copy is). */
  reviewOf?: OpenStatus;
  reprocessedAs?: string;
  /** The attempt (its command id) that moved the item to `reprocessing`; names its audit record. */
  reprocessAttempt?: string;
}

const isOpen = (status: string): status is OpenStatus =>
  (OPEN_STATUSES as readonly string[]).includes(status);

/** True for an entry review knows about (refused, held, or closed by review). */
export const isQuarantineItem = (e: Pick<ReviewEntry, 'status'>) =>
  isOpen(e.status) || e.status === 'reprocessing' || e.status === 'reprocessed' || e.status === 'discarded';

/** The status whose quarantine folder holds the item's copy. */
export const copyStatusOf = (e: ReviewEntry): OpenStatus =>
  isOpen(e.status) ? e.status : (e.reviewOf ?? 'rejected');

export type ReprocessStep =
  /** Open: send the original back through the pipeline. */
  | { action: 'start'; reviewOf: OpenStatus }
  /** Already on its way (another call, a redelivery): send it again only if nothing of it arrived. */
  | { action: 'resume' }
  /** Nothing to do: closed by review, or not a quarantine item at all. */
  | { action: 'skip'; why: 'reprocessed' | 'discarded' | 'not-quarantined' };

/** Decides what a reprocess request does to an item. */
export function decideReprocess(entry: ReviewEntry | undefined): ReprocessStep {
  if (!entry || !isQuarantineItem(entry)) return { action: 'skip', why: 'not-quarantined' };
  if (isOpen(entry.status)) return { action: 'start', reviewOf: entry.status };
  if (entry.status === 'reprocessing') return { action: 'resume' };
  return { action: 'skip', why: entry.status === 'discarded' ? 'discarded' : 'reprocessed' };
}

export type DiscardStep =
  | { action: 'discard'; reviewOf: OpenStatus }
  /** Discarded before: only the (idempotent) deletion of the copy is left. */
  | { action: 'already' }
  | { action: 'conflict'; why: 'reprocessing' | 'reprocessed' }
  | { action: 'not-found' };

/** Decides what a discard request does to an item. */
export function decideDiscard(entry: ReviewEntry | undefined): DiscardStep {
  if (!entry || !isQuarantineItem(entry)) return { action: 'not-found' };
  if (isOpen(entry.status)) return { action: 'discard', reviewOf: entry.status };
  if (entry.status === 'discarded') return { action: 'already' };
  return { action: 'conflict', why: entry.status === 'reprocessing' ? 'reprocessing' : 'reprocessed' };
}

/** Which job counter a settled item moves: held again counts as still refused (it is not published). */
export type SettledAs = 'published' | 'stillRefused';

export type SettlementStep =
  | { action: 'settle'; counter: SettledAs; reviewOf: OpenStatus }
  /** Settled before (the pipeline's finish tail runs again on redeliveries), or not ours to settle. */
  | { action: 'ignore'; why: 'already-settled' | 'not-quarantined' | 'discarded' };

/** Decides how the pipeline's finish of a re-upload settles the item it reprocesses. */
export function decideSettlement(
  original: ReviewEntry | undefined,
  result: { imageId: string; status: ReprocessOutcome },
): SettlementStep {
  if (!original || !isQuarantineItem(original)) return { action: 'ignore', why: 'not-quarantined' };
  if (original.status === 'reprocessed') return { action: 'ignore', why: 'already-settled' };
  if (original.status === 'discarded') return { action: 'ignore', why: 'discarded' };
  // Open or reprocessing: a re-upload whose start did not commit still settles its original.
  const counter: SettledAs = result.status === 'anonymized' ? 'published' : 'stillRefused';
  return { action: 'settle', counter, reviewOf: copyStatusOf(original) };
}

/** A backlog job's counters as stored. */
export interface JobCounters {
  /** All pages are queued: `total` is final. */
  listed: boolean;
  total: number;
  done: number;
}

/** Where a backlog job is: still queueing pages, waiting for settlements, or done. */
export function jobState(j: JobCounters): 'listing' | 'running' | 'done' {
  if (!j.listed) return 'listing';
  return j.done >= j.total ? 'done' : 'running';
}

/** The audit record id of an action: one record per effective action, however often it is retried. */
export function auditIdOf(
  action: 'reprocess' | 'discard' | 'reprocess-backlog',
  subject: string,
  attempt = '',
) {
  return createHash('sha256').update(`${action}\n${subject}\n${attempt}`).digest('hex');
}

/** The role an officer acted as, for the audit record (the reviewing role when they hold several). */
export const actingRole = (roles: readonly string[]) =>
  roles.includes('privacy_officer') ? 'privacy_officer' : (roles[0] ?? 'unknown');
