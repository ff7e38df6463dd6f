/** ReprocessQuarantined: run the current profile again on one quarantined or held item (privacy officer). */
import { z } from 'zod';
import { defineCommand } from '../../message.ts';
import { ImageId } from './image.fields.ts';

/** Who asked: the audit record names them (uid and the role that authorised the action). */
export const ReviewActor = z.object({ uid: z.string().min(1).max(128), role: z.string().min(1).max(40) });
export type ReviewActor = z.infer<typeof ReviewActor>;

/** A rectangle on a frame, inclusive pixel bounds (0,0 is the top left), as the pixel cleaner fills it. */
export const PixelRegion = z
  .strictObject({
    x0: z.number().int().min(0).max(65535),
    y0: z.number().int().min(0).max(65535),
    x1: z.number().int().min(0).max(65535),
    y1: z.number().int().min(0).max(65535),
  })
  .refine((b) => b.x1 >= b.x0 && b.y1 >= b.y0, { message: 'x1 ≥ x0 and y1 ≥ y0' });

/**
 * A privacy officer's pixel review of a held image: they looked at its frames; these regions are filled on
 * every frame (with the device's mask regions) and the image is published without the OCR's verdict. No
 * regions: the pixels were found safe as they are.
 */
export const PixelReview = z.object({ regions: z.array(PixelRegion).max(32) });
export type PixelReview = z.infer<typeof PixelReview>;

export const ReprocessQuarantinedV1 = defineCommand(
  'imaging',
  'reprocess-quarantined',
  1,
  z.object({
    imageId: ImageId,
    requestedBy: ReviewActor,
    /** Set when the item is part of a backlog job (`POST /quarantine:reprocess`). */
    jobId: z.uuid().optional(),
    /** Set by `POST /quarantine/{id}:review` on a held image: the reviewer's decision replaces the OCR's. */
    pixelReview: PixelReview.optional(),
  }),
);
export type ReprocessQuarantined = z.infer<typeof ReprocessQuarantinedV1.schema>;
