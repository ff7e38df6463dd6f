/** POST /dead-letters/{function}:replay — publishes a function's dead letters on its topic again. */
import { DeadLetterFunctionParams, ReplayAnswer } from '../../../schemas/platform/v1/dead-letters.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { deadLetterQueues, replayDeadLetters } from '../adapters/dead-letters.ts';
import { httpHandler, ok } from '../http/http-handler.ts';
import { problem } from '../http/problem.ts';

export default httpHandler({
  params: DeadLetterFunctionParams,
  responses: { 200: ReplayAnswer, 404: Problem },
  async handle({ params, log }) {
    const queue = deadLetterQueues().find((q) => q.function === params.function);
    if (!queue) return problem(404, 'not-found', 'no Pub/Sub function of that name');
    const replayed = await replayDeadLetters(queue.function, queue.topic);
    log.info('dead letters replayed', { deadLetterFunction: queue.function, replayed });
    return ok({ function: queue.function, replayed });
  },
});
