/**
 * Saga step: the workflow's first call. Reads the event it was started with (unknown versions and invalid
 * data go to the saga's dead-letter topic with the reason), opens the saga log and answers which
 * provisioning steps to run — none for a plan without provisioning, or for a saga already started.
 */
import { SagaStartRequest } from '../../../schemas/sagas/v1/saga.ts';
import { SubscriptionCreatedV1 } from '../../../schemas/subscriptions/v1/subscription.events.ts';
import { decode } from '../../../schemas/upcasters.ts';
import { db, pubsubClient } from '../../platform/clients.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { loadSaga, saveSaga } from '../../platform/saga/saga-log.repository.ts';

export const SAGA_DEAD_LETTER = 'subscription-saga.dead-letter';

export default httpHandler({
  body: SagaStartRequest,
  async handle({ body, log }) {
    const decoded = decode([SubscriptionCreatedV1], body.type, body.data);
    if (!decoded.ok) {
      await pubsubClient()
        .topic(SAGA_DEAD_LETTER)
        .publishMessage({
          json: body.data ?? null,
          attributes: { 'ce-type': body.type, 'ce-id': body.eventId, 'deadletter-reason': decoded.reason },
        });
      log.warn('saga event dead-lettered', { reason: decoded.reason, ceType: body.type });
      return ok({ proceed: false, reason: decoded.reason });
    }
    const created = decoded.data;
    if (created.provisioning.length === 0) return ok({ proceed: false, reason: 'nothing to provision' });
    const sagaId = created.subscriptionId;
    const fresh = await db().runTransaction(async (tx) => {
      if (await loadSaga(tx, sagaId)) return false;
      saveSaga(tx, {
        sagaId,
        subscriptionId: created.subscriptionId,
        clientCode: created.clientCode,
        ...(created.userId ? { ownerUid: created.userId } : {}),
        planCode: created.planCode,
        status: 'RECEIVED',
        steps: created.provisioning.map((s) => s.step),
        startedAt: new Date().toISOString(),
      });
      return true;
    });
    if (!fresh) return ok({ proceed: false, reason: 'saga already started' });
    log.info('saga started', { sagaId, planCode: created.planCode, steps: created.provisioning.length });
    return ok({
      proceed: true,
      saga: {
        sagaId,
        subscriptionId: sagaId,
        clientCode: created.clientCode,
        userId: created.userId ?? null,
        planCode: created.planCode,
      },
      steps: created.provisioning,
    });
  },
});
