/**
 * Backlog reprocessing jobs (`imaging-reprocess-jobs/{jobId}`): the filter, who asked, and counters that
 * every page and every settled item moves by increments, in the transaction that decided the move.
 */
import { FieldValue, type Timestamp, type Transaction } from '@google-cloud/firestore';
import type { ReprocessBacklogBody, ReprocessJobView } from '../../../schemas/imaging/v1/quarantine.view.ts';
import type { ReviewActor } from '../../../schemas/imaging/v1/reprocess-quarantined.command.ts';
import { db } from '../../platform/clients.ts';
import { jobState } from '../domain/quarantine.ts';

export const REPROCESS_JOBS = 'imaging-reprocess-jobs';

const COUNTERS = ['total', 'done', 'published', 'stillRefused', 'failed', 'skipped'] as const;
export type JobCounter = (typeof COUNTERS)[number];

export interface StoredJob extends Record<JobCounter, number> {
  jobId: string;
  filter: ReprocessBacklogBody;
  requestedBy: ReviewActor;
  createdAt: Date;
  /** Every page is queued: `total` is final. */
  listed: boolean;
}

const ref = (jobId: string) => db().collection(REPROCESS_JOBS).doc(jobId);

/** A new job, every counter at zero (written where the request is accepted). */
export function createJob(
  tx: Transaction,
  j: Pick<StoredJob, 'jobId' | 'filter' | 'requestedBy' | 'createdAt'>,
): void {
  const zero = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<JobCounter, number>;
  tx.create(ref(j.jobId), { ...j, ...zero, listed: false } satisfies StoredJob);
}

function jobOf(data: Record<string, unknown> | undefined): StoredJob | undefined {
  if (!data) return undefined;
  return { ...(data as unknown as StoredJob), createdAt: (data.createdAt as Timestamp).toDate() };
}

export async function findJob(jobId: string): Promise<StoredJob | undefined> {
  return jobOf((await ref(jobId).get()).data());
}

export async function loadJob(tx: Transaction, jobId: string): Promise<StoredJob | undefined> {
  return jobOf((await tx.get(ref(jobId))).data());
}

/** Moves counters (and marks the listing finished); a write, after the transaction's reads. */
export function countJob(
  tx: Transaction,
  jobId: string,
  by: Partial<Record<JobCounter, number>>,
  listed?: boolean,
): void {
  const moves = Object.fromEntries(Object.entries(by).map(([k, n]) => [k, FieldValue.increment(n ?? 0)]));
  tx.update(ref(jobId), { ...moves, ...(listed === undefined ? {} : { listed }) });
}

/** The status resource of a job. */
export const jobView = (j: StoredJob): ReprocessJobView => ({
  jobId: j.jobId,
  filter: j.filter,
  state: jobState(j),
  total: j.total,
  done: j.done,
  published: j.published,
  stillRefused: j.stillRefused,
  failed: j.failed,
  skipped: j.skipped,
  createdAt: j.createdAt.toISOString(),
});
