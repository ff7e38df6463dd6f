/**
 * Saga step: what only the workflow knows — a step that exhausted its retries (FAILED, with the error
 * summarised), and the saga's own end (PROCESSED, COMPENSATED, or FAILED if compensation broke).
 */
import { SagaRecordRequest } from '../../../schemas/sagas/v1/saga.ts';
import { db } from '../../platform/clients.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { loadSaga, loadStep, saveSaga, saveStep } from '../../platform/saga/saga-log.repository.ts';
import { finished, reasonFromError, transition } from '../../platform/saga/saga-log.ts';

export default httpHandler({
  body: SagaRecordRequest,
  async handle({ body }) {
    const reason = body.reason ?? (body.error === undefined ? undefined : reasonFromError(body.error));
    const found = await db().runTransaction(async (tx) => {
      const saga = await loadSaga(tx, body.sagaId);
      if (!saga) return false;
      if (body.step) {
        const current = await loadStep(tx, body.sagaId, body.step);
        // A step that already recorded its own outcome (e.g. a business failure) keeps it.
        if (!finished(current)) {
          const key = { sagaId: saga.sagaId, subscriptionId: saga.subscriptionId, step: body.step };
          saveStep(tx, transition(current, key, body.status, new Date(), reason));
        }
      } else if (saga.status === 'RECEIVED') {
        saveSaga(tx, {
          ...saga,
          status: body.status,
          finishedAt: new Date().toISOString(),
          ...(reason ? { reason } : {}),
        });
      }
      return true;
    });
    return found ? ok({ recorded: true }) : problem(404, 'not-found', 'no such saga');
  },
});
