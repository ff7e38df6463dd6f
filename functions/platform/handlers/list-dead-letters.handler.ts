/** GET /dead-letters — each Pub/Sub function's dead-letter queue with up to `pageSize` waiting messages. */
import { DeadLetterList, ListDeadLettersQuery } from '../../../schemas/platform/v1/dead-letters.ts';
import { deadLetterQueues, peekDeadLetters } from '../adapters/dead-letters.ts';
import { httpHandler, ok } from '../http/http-handler.ts';

export default httpHandler({
  query: ListDeadLettersQuery,
  responses: { 200: DeadLetterList },
  async handle({ query }) {
    const queues = deadLetterQueues().filter((q) => !query.function || q.function === query.function);
    const items = await Promise.all(
      queues.map(async (q) => ({ ...q, messages: await peekDeadLetters(q.function, query.pageSize) })),
    );
    return ok({ items: query.function ? items : items.filter((q) => q.messages.length > 0) });
  },
});
