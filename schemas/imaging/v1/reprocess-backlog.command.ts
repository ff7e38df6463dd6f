/** ReprocessBacklog: queue one page of a backlog job's items, then the next page (privacy officer). */
import { z } from 'zod';
import { defineCommand } from '../../message.ts';
import { ReprocessBacklogBody } from './quarantine.view.ts';
import { ReviewActor } from './reprocess-quarantined.command.ts';

export const ReprocessBacklogV1 = defineCommand(
  'imaging',
  'reprocess-backlog',
  1,
  z.object({
    jobId: z.uuid(),
    filter: ReprocessBacklogBody,
    requestedBy: ReviewActor,
    /** Items refused before this instant only: re-refused re-uploads of this job are not queued again. */
    cutoff: z.iso.datetime(),
    /** The page cursor: the last item queued by the previous page. */
    after: z.object({ quarantinedAt: z.iso.datetime(), imageId: z.uuid() }).optional(),
  }),
);
export type ReprocessBacklog = z.infer<typeof ReprocessBacklogV1.schema>;
