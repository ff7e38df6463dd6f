/** The `202 Accepted` body of every command endpoint: the command is queued; its result will be at `location`. */
import { z } from 'zod';

export const CommandAccepted = z.object({
  commandId: z.uuid(),
  status: z.literal('accepted'),
  location: z.string().startsWith('/'),
});
export type CommandAccepted = z.infer<typeof CommandAccepted>;
