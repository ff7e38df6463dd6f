/**
 * ImageHeldForReview v1: an upload at burned-in-text risk that could not be cleaned automatically was kept in the restricted quarantine bucket
 * for review and not published. No PHI, no file name.
 */
import { z } from 'zod';
import { CenterCode } from '../../centers/v1/center.fields.ts';
import { defineEvent } from '../../message.ts';
import { ImageId, RefusalDetail, UploadId } from './image.fields.ts';

export const ImageHeldForReviewV1 = defineEvent(
  'imaging',
  'held-for-review',
  1,
  z.object({
    imageId: ImageId,
    centerCode: CenterCode,
    uploadId: UploadId,
    /** `burned-in-risk`: no pixel cleaner examined it; `pixel-review`: the OCR was unsure or the pixels do not decode. */
    reason: z.enum(['burned-in-risk', 'pixel-review']),
    /** Why it is at risk, PHI-free (e.g. the modality or BurnedInAnnotation), for the reviewer. */
    detail: RefusalDetail,
    /** Object in the quarantine bucket, `held/{imageId}` (never the uploaded name). */
    object: z.string().max(200),
    heldAt: z.iso.datetime(),
    /** The quarantined or held image this one reprocesses (a re-upload of its original). */
    reprocessOf: ImageId.optional(),
  }),
);
export type ImageHeldForReview = z.infer<typeof ImageHeldForReviewV1.schema>;
