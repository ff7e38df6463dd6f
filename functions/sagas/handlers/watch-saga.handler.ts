/**
 * GET /sagas/{id}/events — the saga's view (as GET /sagas/{id}) as Server-Sent Events: one `saga` event now
 * and one whenever its state or a step changes (RECEIVED, PROCESSED, FAILED, COMPENSATED), until the client
 * leaves or the stream's time is up. Same access as GET /sagas/{id}.
 */
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { SagaIdParams, SagaView } from '../../../schemas/sagas/v1/saga.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { SSE_HEADERS, streamLiveView } from '../../platform/http/sse.ts';
import { sagaRefs } from '../../platform/saga/saga-log.repository.ts';
import { readableSaga } from '../adapters/saga-access.ts';

/** Below the function's timeout, so the stream ends cleanly and the client reconnects. */
const MAX_STREAM_MS = 5 * 60_000;

export default httpHandler({
  params: SagaIdParams,
  responses: { 200: SagaView, 404: Problem },
  async handle({ params, principal, req }) {
    const first = await readableSaga(params.id, principal);
    if (!first) return problem(404, 'not-found', 'no such saga');
    const refs = sagaRefs(params.id);
    return {
      status: 200,
      headers: SSE_HEADERS,
      stream: (res) =>
        streamLiveView(req, res, {
          event: 'saga',
          first,
          maxMs: MAX_STREAM_MS,
          reload: () => readableSaga(params.id, principal),
          listen: (changed, failed) => [
            refs.saga.onSnapshot(changed, failed),
            refs.steps.onSnapshot(changed, failed),
          ],
        }),
    };
  },
});
