/**
 * The pure decisions of the anonymize-upload pipeline (parse → ledger → decide → anonymize → finish):
 * what a delivery does given its ledger entry, the policy a center's record amounts to, and which one
 * of the three finishes (publish, hold, quarantine) an anonymizer outcome takes.
 */

import { DEFAULT_INGEST_POLICY, type HoldReason, type IngestPolicy } from './anonymizer.ts';
import type { Box } from './pixels/text-box.ts';

/** The ledger statuses of a finished image. */
export type FinishedStatus = 'anonymized' | 'held' | 'rejected';

export type DeliveryStep =
  /** Finished before (a redelivery, or a crash after the commit): only the tail of the finish is left. */
  | { action: 'finish-again' }
  /** Failed too often for unexpected reasons: quarantined as poison. */
  | { action: 'poison'; reason: 'processing-failed'; detail: string }
  | { action: 'process' };

/** Decides what one delivery does from its ledger entry (after this delivery was counted). */
export function decideDelivery(
  entry: { status: 'received' | FinishedStatus; attempts: number },
  maxAttempts: number,
): DeliveryStep {
  if (entry.status !== 'received') return { action: 'finish-again' };
  if (entry.attempts > maxAttempts)
    return { action: 'poison', reason: 'processing-failed', detail: `failed ${entry.attempts - 1} times` };
  return { action: 'process' };
}

/** A center's policy: its stored choices over the defaults (an absent record is the defaults). */
export function ingestPolicyOf(stored?: Partial<IngestPolicy>): IngestPolicy {
  return { ...DEFAULT_INGEST_POLICY, ...(stored ?? {}) };
}

type Refusal = { reason: string; detail: string; boxes?: readonly Box[] };

export type Finish<A> =
  | { kind: 'publish'; outcome: A }
  | ({ kind: 'hold'; reason: HoldReason } & Pick<Refusal, 'detail' | 'boxes'>)
  | ({ kind: 'quarantine' } & Omit<Refusal, 'boxes'>);

/**
 * Which finish an outcome takes. Burned-in risk is held for review, never published and never a plain
 * rejection: an engine that still reports it as a rejection is held as well.
 */
export function finishOf<O extends { status: 'anonymized' } | ({ status: 'held' | 'rejected' } & Refusal)>(
  outcome: O,
): Finish<Extract<O, { status: 'anonymized' }>> {
  if (outcome.status === 'anonymized')
    return { kind: 'publish', outcome: outcome as Extract<O, { status: 'anonymized' }> };
  const refused = outcome as { status: 'held' | 'rejected' } & Refusal;
  if (refused.status === 'held' || refused.reason === 'burned-in-risk')
    return {
      kind: 'hold',
      reason: refused.reason === 'pixel-review' ? 'pixel-review' : 'burned-in-risk',
      detail: refused.detail,
      ...(refused.boxes ? { boxes: refused.boxes } : {}),
    };
  return { kind: 'quarantine', reason: refused.reason, detail: refused.detail };
}
