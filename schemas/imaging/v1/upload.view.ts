/** Upload sessions (`POST /uploads`) and the per-upload summary (`GET /uploads/{uploadId}`). */
import { z } from 'zod';
import { CenterCode, CenterId } from '../../centers/v1/center.fields.ts';
import { ImageId, RefusalDetail, RejectReasonCode, UploadId } from './image.fields.ts';

/** A file name inside the upload folder: no slashes, no leading dot; `<image>.json` is the image's sidecar. */
export const UploadFileName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be 1-128 characters: A-Z, a-z, 0-9, . _ -');

export const CreateUploadBody = z.strictObject({
  fileName: UploadFileName,
  /** Add a file (e.g. the sidecar, or the next image) to an upload this center already started. */
  uploadId: UploadId.optional(),
  contentType: z
    .string()
    .regex(/^[a-z]+\/[a-z0-9.+-]+$/)
    .optional(),
});
export type CreateUploadBody = z.infer<typeof CreateUploadBody>;

export const UploadSession = z.object({
  uploadId: UploadId,
  /** The object the session writes: `centers/{centerCode}/{uploadId}/{fileName}` in the ingest bucket. */
  object: z.string(),
  /** Resumable-upload session URI: PUT the bytes to it (it is the capability; it expires after a week). */
  sessionUrl: z.url(),
});

export const UploadIdParams = z.object({ uploadId: UploadId });

/** `GET /uploads/{uploadId}` pages through the per-file outcomes. */
export const GetUploadQuery = z.strictObject({
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
  pageToken: z.string().max(200).optional(),
});

/** What became of one file of the upload. No object name: uploaders choose names, and they may carry PHI. */
export const UploadFileOutcome = z.object({
  imageId: ImageId,
  status: z.enum(['anonymized', 'held', 'rejected', 'pending']),
  reason: RejectReasonCode.optional(),
  /** What to fix, PHI-free (attributes by tag and keyword). */
  detail: RefusalDetail.optional(),
  finishedAt: z.iso.datetime().optional(),
  /** The quarantined or held image this file reprocesses. */
  reprocessOf: ImageId.optional(),
});
export type UploadFileOutcome = z.infer<typeof UploadFileOutcome>;

export const UploadSummaryView = z.object({
  uploadId: UploadId,
  centerId: CenterId.optional(),
  centerCode: CenterCode.optional(),
  /** Image files that arrived (sidecars are not counted). */
  received: z.number().int().nonnegative(),
  anonymized: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  /** Held for review (burned-in risk): kept in quarantine, not published. */
  held: z.number().int().nonnegative(),
  /** Received but not finished yet. */
  pending: z.number().int().nonnegative(),
  /** Rejections by reason code. */
  reasons: z.record(RejectReasonCode, z.number().int().positive()),
  /** Per-file outcomes, a page at a time (ordered by image id). */
  files: z.array(UploadFileOutcome),
  nextPageToken: z.string().optional(),
});
export type UploadSummaryView = z.infer<typeof UploadSummaryView>;

/** `GET /uploads`: a center's uploads, newest first; an admin may name a center or see all. */
export const ListUploadsQuery = z.strictObject({
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(300).optional(),
  /** Admins only: one center's uploads. */
  center: CenterCode.optional(),
});

/** One past upload: when it was opened, and its counts so far (received and pending are on its own view). */
export const UploadListItem = z.object({
  uploadId: UploadId,
  centerCode: CenterCode,
  openedAt: z.iso.datetime(),
  anonymized: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  held: z.number().int().nonnegative(),
  reasons: z.record(RejectReasonCode, z.number().int().positive()),
});
export type UploadListItem = z.infer<typeof UploadListItem>;

export const UploadListPage = z.object({
  items: z.array(UploadListItem),
  nextCursor: z.string().optional(),
});
