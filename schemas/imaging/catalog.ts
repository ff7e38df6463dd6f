/** Published message versions of the imaging context (frozen by their snapshots in `schemas/published/`). */
import type { MessageDef } from '../message.ts';
import { ImageAnonymizedV1 } from './v1/image-anonymized.event.ts';
import { ImageHeldForReviewV1 } from './v1/image-held-for-review.event.ts';
import { ImageRejectedV1 } from './v1/image-rejected.event.ts';
import { ReprocessBacklogV1 } from './v1/reprocess-backlog.command.ts';
import { ReprocessQuarantinedV1 } from './v1/reprocess-quarantined.command.ts';

export const catalog: readonly MessageDef[] = [
  ImageAnonymizedV1,
  ImageRejectedV1,
  ImageHeldForReviewV1,
  ReprocessQuarantinedV1,
  ReprocessBacklogV1,
];
