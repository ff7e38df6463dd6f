/**
 * ReprocessQuarantined (Pub/Sub) — sends one item's original back through the pipeline under the current
 * profile. Starting moves the item to `reprocessing` and writes its audit record in one transaction; the
 * pipeline's finish settles it (`adapters/reprocess-settlement.ts`). At-least-once safe: a redelivery or a
 * second request finds the item moving and sends nothing twice.
 */
import { ReprocessQuarantinedV1 } from '../../../schemas/imaging/v1/reprocess-quarantined.command.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { loadItem, markReprocessing, reuploadArrived } from '../adapters/quarantine-review.repository.ts';
import { recordAudit } from '../adapters/quarantine-review-audit.ts';
import { quarantineSource, sendBackToIngest } from '../adapters/reprocess-copy.ts';
import { countJob, type JobCounter } from '../adapters/reprocess-jobs.ts';
import { auditIdOf, decideReprocess } from '../domain/quarantine.ts';

export default eventHandler({
  accepts: [ReprocessQuarantinedV1],
  async handle({ data, envelope }, { tx, log }) {
    const { imageId, jobId } = data;
    const count = (c: JobCounter) => (jobId ? countJob(tx, jobId, { done: 1, [c]: 1 }) : undefined);
    // Load (reads first: the item, then whatever the step needs).
    const item = await loadItem(tx, imageId);
    const step = decideReprocess(item);
    if (step.action === 'skip' || !item) {
      log.info('reprocess skipped', { imageId, why: step.action === 'skip' ? step.why : 'missing' });
      count('skipped');
      return [];
    }
    if (step.action === 'resume') {
      // Started by another request: send it again only if the first copy never reached the pipeline.
      const source = (await reuploadArrived(tx, imageId)) ? undefined : await quarantineSource(item);
      if (source?.kind === 'image') await sendBackToIngest(item, source);
      log.info('reprocess already under way', { imageId, resent: source?.kind === 'image' });
      if (item.reprocessJob !== jobId) count('skipped');
      return [];
    }
    const source = await quarantineSource(item);
    if (source.kind !== 'image') {
      log.warn('reprocess impossible', { imageId, why: source.kind });
      count('failed');
      return [];
    }
    // The copy goes out before the writes commit: a failed commit redelivers the command, and the copy's
    // generation precondition keeps a second copy from being made while the first is in ingest.
    await sendBackToIngest(item, source);
    const at = new Date();
    markReprocessing(tx, imageId, {
      reviewOf: step.reviewOf,
      attempt: envelope.id,
      at,
      ...(jobId ? { jobId } : {}),
    });
    recordAudit(tx, {
      auditId: auditIdOf('reprocess', imageId, envelope.id),
      action: 'reprocess',
      uid: data.requestedBy.uid,
      role: data.requestedBy.role,
      at,
      imageId,
      reason: item.reason,
      ...(jobId ? { jobId } : {}),
    });
    log.info('reprocess started', { imageId, ...(jobId ? { jobId } : {}) });
    return [];
  },
});
