/** `GET /dead-letters` and `POST /dead-letters/{function}:replay` (admin): messages a function gave up on. */
import { z } from 'zod';

export const DeadLetterMessage = z.object({
  messageId: z.string(),
  /** The CloudEvent type and id it carried (no data: it may be anything a producer sent). */
  ceType: z.string().optional(),
  ceId: z.string().optional(),
  /** Why the function dead-lettered it (types and field paths only), or Pub/Sub's own delivery limit. */
  reason: z.string().optional(),
  publishTime: z.iso.datetime().optional(),
});

export const DeadLetterQueue = z.object({
  function: z.string(),
  /** The topic the function consumes; a replay publishes there again. */
  topic: z.string(),
  deadLetterTopic: z.string(),
  /** Up to `pageSize` waiting messages (a peek: they stay until replayed). */
  messages: z.array(DeadLetterMessage),
});

export const DeadLetterList = z.object({ items: z.array(DeadLetterQueue) });
export const ListDeadLettersQuery = z.strictObject({
  function: z.string().max(63).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const DeadLetterFunctionParams = z.object({ function: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/) });
export const ReplayAnswer = z.object({ function: z.string(), replayed: z.number().int().nonnegative() });
