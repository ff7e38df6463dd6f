/**
 * ReprocessQuarantined (Pub/Sub) — sends one item's original back through the pipeline under the current
 * profile: check its copy → claim it (`reprocessing` + audit record, committed first) → copy it back to
 * ingest. The pipeline's finish settles it (`adapters/reprocess-settlement.ts`). At-least-once safe: a
 * failed copy throws, the redelivery resumes its own claim; a second request finds the claim and sends
 * nothing twice. A backlog item's skipped or failed count commits with this message's dedupe record.
 */
import { ReprocessQuarantinedV1 } from '../../../schemas/imaging/v1/reprocess-quarantined.command.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { findItem, reuploadArrived } from '../adapters/quarantine-review.repository.ts';
import { claimReprocess } from '../adapters/reprocess-claim.ts';
import { quarantineSource, sendBackToIngest } from '../adapters/reprocess-copy.ts';
import { countJob } from '../adapters/reprocess-jobs.ts';
import { decideReprocess } from '../domain/quarantine.ts';

export default eventHandler({
  accepts: [ReprocessQuarantinedV1],
  async handle({ data, envelope }, { tx, log }) {
    const { imageId, jobId } = data;
    const count = (c: 'skipped' | 'failed') => (jobId ? countJob(tx, jobId, { done: 1, [c]: 1 }) : undefined);

    // Check the copy: an open item whose original is gone cannot be reprocessed, only discarded.
    const found = await findItem(imageId);
    const step = decideReprocess(found);
    const source = found && step.action !== 'skip' ? await quarantineSource(found) : undefined;
    if (step.action === 'start' && source?.kind !== 'image') {
      log.warn('reprocess impossible', { imageId, why: source?.kind ?? 'missing' });
      count('failed');
      return [];
    }

    // Claim.
    const claim = await claimReprocess({
      imageId,
      attempt: envelope.id,
      requestedBy: data.requestedBy,
      ...(jobId ? { jobId } : {}),
      ...(data.pixelReview ? { pixelReview: data.pixelReview } : {}),
    });
    if (claim.kind === 'skipped') {
      log.info('reprocess skipped', { imageId, why: claim.why });
      count('skipped');
      return [];
    }
    if (claim.kind === 'resumed' && claim.item.reprocessJob !== jobId) count('skipped');

    // Copy back, unless the pipeline already has it (then the settlement is on its way).
    const sent = source?.kind === 'image' && !(await reuploadArrived(imageId));
    if (sent) await sendBackToIngest(claim.item, source);
    log.info(claim.kind === 'claimed' ? 'reprocess started' : 'reprocess already under way', {
      imageId,
      sent,
    });
    return [];
  },
});
