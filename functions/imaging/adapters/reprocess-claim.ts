/**
 * Claims an item for reprocessing: moves it to `reprocessing` and writes its audit record in a transaction
 * of its own, committed before the original leaves quarantine — so the pipeline's settlement always finds
 * the claim, and two concurrent requests make one claim (the later one reads it and resumes).
 */
import type { PixelReview, ReviewActor } from '../../../schemas/imaging/v1/reprocess-quarantined.command.ts';
import { db } from '../../platform/clients.ts';
import { auditIdOf, decideReprocess, type ReprocessStep } from '../domain/quarantine.ts';
import { loadItem, markReprocessing, type QuarantineItem } from './quarantine-review.repository.ts';
import { recordAudit } from './quarantine-review-audit.ts';

export interface ReprocessRequest {
  imageId: string;
  /** The command id: names the claim and its audit record, so a redelivery resumes its own claim. */
  attempt: string;
  requestedBy: ReviewActor;
  jobId?: string;
  /** A held image's pixel review: kept on the item for the pipeline, and audited as `pixel-review`. */
  pixelReview?: PixelReview;
}

export type Claim =
  /** Claimed now, or claimed before by this same attempt: the copy is this attempt's to send. */
  | { kind: 'claimed'; item: QuarantineItem }
  /** Already under way from another request. */
  | { kind: 'resumed'; item: QuarantineItem }
  | { kind: 'skipped'; why: Extract<ReprocessStep, { action: 'skip' }>['why'] };

/** Claims the item (see the module comment). */
export function claimReprocess(r: ReprocessRequest): Promise<Claim> {
  return db().runTransaction(async (tx): Promise<Claim> => {
    const item = await loadItem(tx, r.imageId);
    const step = decideReprocess(item);
    if (step.action === 'skip' || !item)
      return { kind: 'skipped', why: step.action === 'skip' ? step.why : 'not-quarantined' };
    if (step.action === 'resume')
      return { kind: item.reprocessAttempt === r.attempt ? 'claimed' : 'resumed', item };
    const at = new Date();
    const job = r.jobId ? { jobId: r.jobId } : {};
    const review = r.pixelReview ? { pixelReview: r.pixelReview } : {};
    markReprocessing(tx, r.imageId, { reviewOf: step.reviewOf, attempt: r.attempt, at, ...job, ...review });
    const action = r.pixelReview ? 'pixel-review' : 'reprocess';
    recordAudit(tx, {
      // Named as every reprocessing's record: the settlement completes it with the outcome.
      auditId: auditIdOf('reprocess', r.imageId, r.attempt),
      action,
      ...(r.pixelReview ? { regions: r.pixelReview.regions.length } : {}),
      uid: r.requestedBy.uid,
      role: r.requestedBy.role,
      at,
      imageId: r.imageId,
      reason: item.reason,
      ...job,
    });
    const claimed: QuarantineItem = {
      ...item,
      status: 'reprocessing',
      reviewOf: step.reviewOf,
      reprocessAttempt: r.attempt,
      ...(r.jobId ? { reprocessJob: r.jobId } : {}),
    };
    return { kind: 'claimed', item: claimed };
  });
}
