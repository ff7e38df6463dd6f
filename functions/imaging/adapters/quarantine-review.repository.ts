/**
 * Quarantine items as review sees them: the ingest ledger's refused and held entries (`imaging-ingests`,
 * written by the pipeline), read and moved through review in transactions. Review adds its own fields to
 * an entry (`reviewOf`, `reprocessAttempt`, `reprocessJob`, `reprocessedAs`, …) and never touches the
 * pipeline's.
 */

import {
  type DocumentSnapshot,
  FieldPath,
  type Query,
  Timestamp,
  type Transaction,
} from '@google-cloud/firestore';
import type { z } from 'zod';
import type { QuarantineItemView } from '../../../schemas/imaging/v1/quarantine.view.ts';
import { OcrBoxes } from '../../../schemas/imaging/v1/quarantine.view.ts';
import {
  type PixelReview,
  PixelReview as PixelReviewSchema,
} from '../../../schemas/imaging/v1/reprocess-quarantined.command.ts';
import { db } from '../../platform/clients.ts';
import {
  OPEN_STATUSES,
  type OpenStatus,
  type ReprocessOutcome,
  type ReviewEntry,
  type ReviewStatus,
} from '../domain/quarantine.ts';
import { INGESTS } from './ingest-ledger.ts';

export interface QuarantineItem extends ReviewEntry {
  centerCode?: string;
  uploadId?: string;
  reason: string;
  detail?: string;
  /** When the pipeline finished it (refused or held). */
  quarantinedAt: Date;
  profileVersion?: string;
  reprocessOf?: string;
  reprocessOutcome?: ReprocessOutcome;
  reprocessJob?: string;
  /** Set while a pixel review's reprocessing is under way: the regions the pipeline fills. */
  pixelReview?: PixelReview;
  /** A held image's OCR boxes, for the reviewer. */
  boxes?: z.infer<typeof OcrBoxes>;
}

/** The position of an item in review order (oldest refusal first, then image id). */
export interface ItemPosition {
  quarantinedAt: string;
  imageId: string;
}

const ref = (imageId: string) => db().collection(INGESTS).doc(imageId);
const dateOf = (d: unknown): Date | undefined =>
  d instanceof Timestamp ? d.toDate() : d instanceof Date ? d : undefined;

function itemOf(snap: DocumentSnapshot): QuarantineItem | undefined {
  const d = snap.data();
  if (!d) return undefined;
  const text = (k: string) => (typeof d[k] === 'string' ? { [k]: d[k] as string } : {});
  const review = PixelReviewSchema.safeParse(d.pixelReview);
  const boxes = OcrBoxes.safeParse(d.boxes);
  return {
    imageId: snap.id,
    status: String(d.status),
    reason: typeof d.reason === 'string' ? d.reason : 'unknown',
    quarantinedAt: dateOf(d.finishedAt) ?? dateOf(d.receivedAt) ?? new Date(0),
    ...text('centerCode'),
    ...text('uploadId'),
    ...text('detail'),
    ...text('profileVersion'),
    ...text('reprocessOf'),
    ...text('reprocessedAs'),
    ...text('reprocessAttempt'),
    ...text('reprocessJob'),
    ...(d.reviewOf === 'held' || d.reviewOf === 'rejected' ? { reviewOf: d.reviewOf as OpenStatus } : {}),
    ...(typeof d.reprocessOutcome === 'string'
      ? { reprocessOutcome: d.reprocessOutcome as ReprocessOutcome }
      : {}),
    ...(review.success ? { pixelReview: review.data } : {}),
    ...(boxes.success ? { boxes: boxes.data } : {}),
  };
}

/** The entry of an image, whatever its status (undefined when the ledger never saw it). */
export async function findItem(imageId: string): Promise<QuarantineItem | undefined> {
  return itemOf(await ref(imageId).get());
}

/** The same, inside a transaction (a read: before the transaction's writes). */
export async function loadItem(tx: Transaction, imageId: string): Promise<QuarantineItem | undefined> {
  return itemOf(await tx.get(ref(imageId)));
}

export interface ItemFilter {
  center?: string;
  reason?: string;
}

/**
 * One page of open items (refused or held), oldest first; `last` when there may be more. `before` keeps
 * a backlog to the items refused before it started (its own re-refused re-uploads are not queued again).
 */
export async function openItemsPage(
  filter: ItemFilter,
  opts: { pageSize: number; after?: ItemPosition; before?: Date },
  tx?: Transaction,
): Promise<{ items: QuarantineItem[]; last?: ItemPosition }> {
  let q: Query = db()
    .collection(INGESTS)
    .where('status', 'in', [...OPEN_STATUSES]);
  if (filter.center) q = q.where('centerCode', '==', filter.center);
  if (filter.reason) q = q.where('reason', '==', filter.reason);
  if (opts.before) q = q.where('finishedAt', '<', opts.before);
  q = q.orderBy('finishedAt').orderBy(FieldPath.documentId());
  if (opts.after)
    q = q.startAfter(Timestamp.fromDate(new Date(opts.after.quarantinedAt)), opts.after.imageId);
  q = q.limit(opts.pageSize + 1);
  const snap = await (tx ? tx.get(q) : q.get());
  const entries = snap.docs.map((d) => itemOf(d) as QuarantineItem);
  const items = entries.slice(0, opts.pageSize);
  const lastItem = items.at(-1);
  if (entries.length <= opts.pageSize || !lastItem) return { items };
  return { items, last: { quarantinedAt: lastItem.quarantinedAt.toISOString(), imageId: lastItem.imageId } };
}

/** True once the pipeline has recorded a re-upload of this item (its ledger entry names it). */
export async function reuploadArrived(imageId: string): Promise<boolean> {
  const snap = await db().collection(INGESTS).where('reprocessOf', '==', imageId).limit(1).get();
  return !snap.empty;
}

/** Review's writes on an entry (inside the transaction that decided them). */
export const markReprocessing = (
  tx: Transaction,
  imageId: string,
  m: { reviewOf: OpenStatus; attempt: string; jobId?: string; at: Date; pixelReview?: PixelReview },
) =>
  tx.update(ref(imageId), {
    status: 'reprocessing' satisfies ReviewStatus,
    reviewOf: m.reviewOf,
    reprocessAttempt: m.attempt,
    reprocessRequestedAt: m.at,
    ...(m.jobId ? { reprocessJob: m.jobId } : {}),
    ...(m.pixelReview ? { pixelReview: m.pixelReview } : {}),
  });

export const markReprocessed = (
  tx: Transaction,
  imageId: string,
  m: { reviewOf: OpenStatus; reprocessedAs: string; outcome: ReprocessOutcome; at: Date },
) =>
  tx.update(ref(imageId), {
    status: 'reprocessed' satisfies ReviewStatus,
    reviewOf: m.reviewOf,
    reprocessedAs: m.reprocessedAs,
    reprocessOutcome: m.outcome,
    reprocessedAt: m.at,
  });

export const markDiscarded = (tx: Transaction, imageId: string, m: { reviewOf: OpenStatus; at: Date }) =>
  tx.update(ref(imageId), {
    status: 'discarded' satisfies ReviewStatus,
    reviewOf: m.reviewOf,
    discardedAt: m.at,
  });

/** The API view of an item: ids, codes and the PHI-free detail only. */
export function itemView(i: QuarantineItem): QuarantineItemView {
  return {
    imageId: i.imageId,
    ...(i.centerCode ? { centerCode: i.centerCode } : {}),
    ...(i.uploadId ? { uploadId: i.uploadId } : {}),
    status: i.status as ReviewStatus,
    reason: i.reason,
    ...(i.detail ? { detail: i.detail } : {}),
    quarantinedAt: i.quarantinedAt.toISOString(),
    ...(i.profileVersion ? { profileVersion: i.profileVersion } : {}),
    ...(i.reprocessOf ? { reprocessOf: i.reprocessOf } : {}),
    ...(i.reprocessedAs ? { reprocessedAs: i.reprocessedAs } : {}),
    ...(i.reprocessOutcome ? { reprocessOutcome: i.reprocessOutcome } : {}),
    ...(i.boxes ? { boxes: i.boxes } : {}),
  };
}
