/** ReprocessQuarantined: run the current profile again on one quarantined or held item (privacy officer). */
import { z } from 'zod';
import { defineCommand } from '../../message.ts';
import { ImageId } from './image.fields.ts';

/** Who asked: the audit record names them (uid and the role that authorised the action). */
export const ReviewActor = z.object({ uid: z.string().min(1).max(128), role: z.string().min(1).max(40) });
export type ReviewActor = z.infer<typeof ReviewActor>;

export const ReprocessQuarantinedV1 = defineCommand(
  'imaging',
  'reprocess-quarantined',
  1,
  z.object({
    imageId: ImageId,
    requestedBy: ReviewActor,
    /** Set when the item is part of a backlog job (`POST /quarantine:reprocess`). */
    jobId: z.uuid().optional(),
  }),
);
export type ReprocessQuarantined = z.infer<typeof ReprocessQuarantinedV1.schema>;
