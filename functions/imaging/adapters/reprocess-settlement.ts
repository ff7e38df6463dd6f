/**
 * Settles a reprocessed quarantine item once the pipeline has finished its re-upload: the pipeline calls
 * this at the end of every finish for an object that carries `x-saludtech-reprocess-of`.
 */
import { ImageId } from '../../../schemas/imaging/v1/image.fields.ts';
import { db } from '../../platform/clients.ts';
import { log } from '../../platform/logger.ts';
import type { StorageObject } from '../../platform/storage/storage-handler.ts';
import { auditIdOf, decideSettlement } from '../domain/quarantine.ts';
import { loadItem, markReprocessed, type QuarantineItem } from './quarantine-review.repository.ts';
import { settleAudit } from './quarantine-review-audit.ts';
import { deleteQuarantineCopy } from './reprocess-copy.ts';
import { countJob } from './reprocess-jobs.ts';

/** The metadata key that marks a re-upload of a quarantined or held original. */
export const REPROCESS_OF = 'x-saludtech-reprocess-of';

/** What the pipeline made of the re-upload. */
export interface ReprocessResult {
  /** The new image id (bucket + name + generation of the re-upload). */
  imageId: string;
  status: 'anonymized' | 'held' | 'rejected';
}

/**
 * Records the outcome against the original item, once however often the finish runs: the original
 * becomes `reprocessed` (pointing at the new image, which is the item from now on if it was refused
 * again), its audit record gets the outcome, its job counts it; then its quarantine copy is deleted.
 */
export async function settleReprocess(object: StorageObject, result: ReprocessResult): Promise<void> {
  const originalId = object.metadata[REPROCESS_OF];
  if (!originalId || !ImageId.safeParse(originalId).success) return;
  const settled = await db().runTransaction(async (tx): Promise<QuarantineItem | undefined> => {
    const original = await loadItem(tx, originalId);
    const step = decideSettlement(original, result);
    if (step.action === 'ignore' || !original) {
      // Settled before: the tail below is idempotent and repairs a crash after the commit.
      return step.action === 'ignore' && step.why === 'already-settled' ? original : undefined;
    }
    markReprocessed(tx, originalId, {
      reviewOf: step.reviewOf,
      reprocessedAs: result.imageId,
      outcome: result.status,
      at: new Date(),
    });
    if (original.reprocessAttempt)
      settleAudit(tx, auditIdOf('reprocess', originalId, original.reprocessAttempt), {
        outcome: result.status,
        reprocessedAs: result.imageId,
      });
    if (original.reprocessJob) countJob(tx, original.reprocessJob, { done: 1, [step.counter]: 1 });
    return { ...original, reviewOf: step.reviewOf };
  });
  if (!settled) return;
  await deleteQuarantineCopy(settled);
  log.info('reprocessed quarantine item settled', {
    imageId: originalId,
    reprocessedAs: result.imageId,
    outcome: result.status,
  });
}
