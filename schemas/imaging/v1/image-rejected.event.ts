/** ImageRejected v1: an upload could not be made safe and was moved to quarantine. No PHI, no file name. */
import { z } from 'zod';
import { CenterCode } from '../../centers/v1/center.fields.ts';
import { defineEvent } from '../../message.ts';
import { ImageId, RefusalDetail, RejectReasonCode, UploadId } from './image.fields.ts';

export const ImageRejectedV1 = defineEvent(
  'imaging',
  'rejected',
  1,
  z.object({
    imageId: ImageId,
    /** Absent when the object was outside `centers/{code}/{uploadId}/`. */
    centerCode: CenterCode.optional(),
    uploadId: UploadId.optional(),
    reason: RejectReasonCode,
    /** What to fix, PHI-free (attributes by tag and keyword); absent on events of older producers. */
    detail: RefusalDetail.optional(),
    /** Object in the quarantine bucket (named by image id, never by the uploaded name). */
    object: z.string().max(200),
    rejectedAt: z.iso.datetime(),
    /** The quarantined or held image this one reprocesses (a re-upload of its original). */
    reprocessOf: ImageId.optional(),
  }),
);
export type ImageRejected = z.infer<typeof ImageRejectedV1.schema>;
