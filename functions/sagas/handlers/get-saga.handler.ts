/** GET /sagas/{id} — a saga's state and the timeline of its steps. */
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { SagaIdParams, SagaView } from '../../../schemas/sagas/v1/saga.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { findSaga } from '../../platform/saga/saga-log.repository.ts';

export default httpHandler({
  params: SagaIdParams,
  responses: { 200: SagaView, 404: Problem },
  async handle({ params }) {
    const saga = await findSaga(params.id);
    return saga ? ok(saga) : problem(404, 'not-found', 'no such saga');
  },
});
