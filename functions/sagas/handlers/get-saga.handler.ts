/** GET /sagas/{id} — a saga's state and the timeline of its steps (admins, and the subscribing client). */
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { SagaIdParams, SagaView } from '../../../schemas/sagas/v1/saga.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { readableSaga } from '../adapters/saga-access.ts';

export default httpHandler({
  params: SagaIdParams,
  responses: { 200: SagaView, 404: Problem },
  async handle({ params, principal }) {
    const saga = await readableSaga(params.id, principal);
    return saga ? ok(saga) : problem(404, 'not-found', 'no such saga');
  },
});
