/**
 * Quarantine review (`privacy_officer`): the refused and held items, their reprocessing jobs and the audit
 * trail. Every field is an id, a code or a PHI-free detail: no object name, no value from a file.
 */
import { z } from 'zod';
import { CenterCode } from '../../centers/v1/center.fields.ts';
import { ImageId, RefusalDetail, RejectReasonCode, UploadId } from './image.fields.ts';
import { PixelRegion, PixelReview } from './reprocess-quarantined.command.ts';

/** Where a quarantine item is in its review: still refused or held, being reprocessed, or closed. */
export const ReviewStatus = z.enum(['rejected', 'held', 'reprocessing', 'reprocessed', 'discarded']);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

/** What the pipeline made of a reprocessed item's re-upload. */
export const ReprocessOutcome = z.enum(['anonymized', 'held', 'rejected']);

export const QuarantineIdParams = z.object({ id: ImageId });

/** `GET /quarantine`: filter by center and reason; `cursor` is the `nextCursor` of the previous page. */
export const ListQuarantineQuery = z.strictObject({
  center: CenterCode.optional(),
  reason: RejectReasonCode.optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(300).optional(),
});
export type ListQuarantineQuery = z.infer<typeof ListQuarantineQuery>;

/** Where the OCR saw text on a held image's frames. */
export const OcrBoxes = z.array(PixelRegion).max(256);

export const QuarantineItemView = z.object({
  imageId: ImageId,
  /** Absent for objects dropped outside `centers/{code}/{uploadId}/`. */
  centerCode: CenterCode.optional(),
  uploadId: UploadId.optional(),
  status: ReviewStatus,
  reason: RejectReasonCode,
  detail: RefusalDetail.optional(),
  quarantinedAt: z.iso.datetime(),
  /** The profile version that refused it, when the ledger recorded one. */
  profileVersion: z.string().max(40).optional(),
  /** The earlier item this one is a reprocessing of. */
  reprocessOf: ImageId.optional(),
  /** Once reprocessed: the re-upload's image id and what became of it. */
  reprocessedAs: ImageId.optional(),
  reprocessOutcome: ReprocessOutcome.optional(),
  /** A held image: where the OCR saw text (the boxes it filled, and text left after filling). */
  boxes: OcrBoxes.optional(),
});
export type QuarantineItemView = z.infer<typeof QuarantineItemView>;

export const QuarantinePage = z.object({
  items: z.array(QuarantineItemView),
  nextCursor: z.string().optional(),
});

/** `POST /quarantine:reprocess`: the backlog to reprocess (every refused and held item when both are absent). */
export const ReprocessBacklogBody = z.strictObject({
  reason: RejectReasonCode.optional(),
  center: CenterCode.optional(),
});
export type ReprocessBacklogBody = z.infer<typeof ReprocessBacklogBody>;

export const ReprocessJobIdParams = z.object({ id: z.uuid() });

/** A backlog job's progress: `done` counts items settled (published, still refused, failed or skipped). */
export const ReprocessJobView = z.object({
  jobId: z.uuid(),
  filter: ReprocessBacklogBody,
  /** `listing` while items are still being queued; `done` once every queued item is settled. */
  state: z.enum(['listing', 'running', 'done']),
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  published: z.number().int().nonnegative(),
  stillRefused: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Items another action closed or started between listing and their turn. */
  skipped: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
});
export type ReprocessJobView = z.infer<typeof ReprocessJobView>;

export const AuditAction = z.enum(['reprocess', 'discard', 'reprocess-backlog', 'pixel-review']);

/** One action of a privacy officer on quarantine: who, what, when, on which item and why it was there. */
export const QuarantineAuditEntry = z.object({
  auditId: z.string().regex(/^[0-9a-f]{64}$/),
  action: AuditAction,
  uid: z.string().max(128),
  role: z.string().max(40),
  at: z.iso.datetime(),
  imageId: ImageId.optional(),
  /** The item's refusal reason when the action was taken (backlog: the reason filter, if any). */
  reason: RejectReasonCode.optional(),
  jobId: z.uuid().optional(),
  /** Reprocessing only, once settled. */
  outcome: ReprocessOutcome.optional(),
  reprocessedAs: ImageId.optional(),
  /** Pixel review only: how many regions the reviewer had filled (0: published as it was). */
  regions: z.number().int().nonnegative().optional(),
});
export type QuarantineAuditEntry = z.infer<typeof QuarantineAuditEntry>;

export const ListQuarantineAuditQuery = z.strictObject({
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(300).optional(),
});
export const QuarantineAuditPage = z.object({
  items: z.array(QuarantineAuditEntry),
  nextCursor: z.string().optional(),
});

/** `POST /quarantine/{id}:review`: the regions to fill on every frame of a held image, then publish it. */
export const PixelReviewBody = PixelReview.strict();
export type PixelReviewBody = z.infer<typeof PixelReviewBody>;
