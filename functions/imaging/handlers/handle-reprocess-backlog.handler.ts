/**
 * ReprocessBacklog (Pub/Sub) — queues one page of a backlog job: a ReprocessQuarantined per item, then
 * the next page as another ReprocessBacklog, so a backlog of any size fans out in bounded steps. The page
 * and its counters commit with the dedupe record: a redelivery queues nothing twice.
 */
import { ReprocessBacklogV1 } from '../../../schemas/imaging/v1/reprocess-backlog.command.ts';
import { ReprocessQuarantinedV1 } from '../../../schemas/imaging/v1/reprocess-quarantined.command.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { openItemsPage } from '../adapters/quarantine-review.repository.ts';
import { countJob, loadJob } from '../adapters/reprocess-jobs.ts';

const PAGE_SIZE = 100;

export default eventHandler({
  accepts: [ReprocessBacklogV1],
  async handle({ data }, { tx, emit, log }) {
    const { jobId, filter, requestedBy } = data;
    const job = await loadJob(tx, jobId);
    if (!job) {
      log.warn('backlog page for an unknown job', { jobId });
      return [];
    }
    const page = await openItemsPage(
      filter,
      { pageSize: PAGE_SIZE, before: new Date(data.cutoff), ...(data.after ? { after: data.after } : {}) },
      tx,
    );
    countJob(tx, jobId, { total: page.items.length }, page.last === undefined);
    log.info('backlog page queued', { jobId, items: page.items.length, more: page.last !== undefined });
    const items = page.items.map((i) =>
      emit(ReprocessQuarantinedV1, { imageId: i.imageId, requestedBy, jobId }, { subject: i.imageId }),
    );
    const next = page.last
      ? [emit(ReprocessBacklogV1, { ...data, after: page.last }, { subject: jobId })]
      : [];
    return [...items, ...next];
  },
});
