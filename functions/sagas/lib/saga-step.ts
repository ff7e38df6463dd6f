/**
 * Saga step functions: the HTTP handlers Cloud Workflows calls. Each (saga, step) runs its effect at most
 * once: the saga log record is the idempotency key, written in the same transaction as the effect, and a
 * repeated call answers the stored outcome. Business failures answer 422 (the saga compensates, no retry);
 * unexpected errors answer 500 (the saga retries). Events go out after commit, like an outbox.
 */
import type { Transaction } from '@google-cloud/firestore';
import type { MessageData, MessageDef } from '../../../schemas/message.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { StepRequest, StepResult } from '../../../schemas/sagas/v1/saga.ts';
import { db } from '../../platform/clients.ts';
import { type HttpHandlerDef, httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import type { Logger } from '../../platform/logger.ts';
import { type Envelope, envelope } from '../../platform/messaging/cloudevent.ts';
import { publish } from '../../platform/messaging/publisher.ts';
import { loadStep, saveStep } from '../adapters/saga-log.repository.ts';
import { finished, transition } from '../domain/saga-log.ts';
import { injectedFault } from './faults.ts';

export type StepOutcome = { ok: true; events: Envelope[] } | { ok: false; reason: string };

export interface StepContext {
  tx: Transaction;
  log: Logger;
  at: Date;
  emit<E extends MessageDef>(
    def: E,
    data: MessageData<E>,
    origin: { subject: string; sequence?: number },
  ): Envelope;
}

type Effect = (req: StepRequest, ctx: StepContext) => Promise<StepOutcome>;

/** Forward work (`perform`) and/or its undo (`compensate`); the request's phase picks which runs. */
export interface SagaStepDef {
  perform?: Effect;
  compensate?: Effect;
}

const keyOf = (r: StepRequest) => ({ sagaId: r.sagaId, subscriptionId: r.subscriptionId, step: r.step });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counts the delivery (RECEIVED, attempt n) unless the step already finished; says which fault to inject. */
async function received(req: StepRequest) {
  return db().runTransaction(async (tx) => {
    const current = await loadStep(tx, req.sagaId, req.step);
    if (finished(current)) return undefined;
    const next = transition(current, keyOf(req), 'RECEIVED', new Date());
    const fault = await injectedFault(tx, req.sagaId, req.step, next.attempt);
    saveStep(tx, next);
    return fault;
  });
}

/** Declares a saga step function (the default export of a `saga-*.handler.ts`). */
export function sagaStep(def: SagaStepDef, fnName: string, context: string): HttpHandlerDef<StepRequest> {
  const source = `/saludtech/${context}/${fnName}`;
  return httpHandler({
    body: StepRequest,
    responses: { 200: StepResult, 422: Problem },
    async handle({ body: req, log: baseLog }) {
      const log = baseLog.with({ sagaId: req.sagaId, step: req.step, phase: req.phase });
      const effect = req.phase === 'do' ? def.perform : def.compensate;
      if (!effect)
        return problem(
          400,
          'validation',
          `this step function cannot ${req.phase === 'do' ? 'perform' : 'compensate'}`,
        );
      if (req.phase === 'do') {
        const fault = await received(req);
        if (fault === 'crash') throw new Error('injected crash');
        if (fault === 'timeout') {
          // What a caller sees when a Cloud Run request outlives its timeout: 504, and no effect.
          await sleep(50);
          return problem(504, 'timeout', 'injected timeout');
        }
        if (fault === 'business') return fail(req, 'injected business failure', log);
      }
      const at = new Date();
      const result = await db().runTransaction(async (tx) => {
        const current = await loadStep(tx, req.sagaId, req.step);
        const done = req.phase === 'do' ? finished(current) : current?.status === 'COMPENSATED';
        if (done && current) {
          // Re-published on every replay: at least once, with the same event ids, which consumers dedupe.
          const events = current.outbox ?? [];
          const outcome: StepOutcome = current.failure
            ? { ok: false, reason: current.failure.reason }
            : { ok: true, events };
          return { replay: true, outcome };
        }
        const ctx: StepContext = {
          tx,
          log,
          at,
          emit: (e, data, origin) => envelope(e, data, { ...origin, source, correlationId: req.sagaId }),
        };
        const outcome = await effect(req, ctx);
        const status = !outcome.ok ? 'FAILED' : req.phase === 'do' ? 'PROCESSED' : 'COMPENSATED';
        const reason = outcome.ok ? (req.reason ?? undefined) : outcome.reason;
        const record = transition(current, keyOf(req), status, at, reason);
        saveStep(
          tx,
          outcome.ok
            ? { ...record, outbox: outcome.events }
            : { ...record, failure: { reason: outcome.reason } },
        );
        return { replay: false, outcome };
      });
      if (!result.outcome.ok) {
        log.warn('saga step failed', { reason: result.outcome.reason, replay: result.replay });
        return problem(422, 'saga-step-failed', result.outcome.reason);
      }
      // Published after commit; if this crashes, the workflow's retry replays the step and re-publishes its outbox.
      if (result.outcome.events.length > 0) await publish(result.outcome.events);
      log.info('saga step done', { replay: result.replay, emitted: result.outcome.events.length });
      return ok({
        step: req.step,
        outcome: req.phase === 'do' ? 'done' : 'compensated',
        replay: result.replay,
      });
    },
  });
}

/** Records an injected business failure like a real one, so the log reads the same. */
async function fail(req: StepRequest, reason: string, log: Logger) {
  await db().runTransaction(async (tx) => {
    const current = await loadStep(tx, req.sagaId, req.step);
    if (finished(current)) return;
    saveStep(tx, { ...transition(current, keyOf(req), 'FAILED', new Date(), reason), failure: { reason } });
  });
  log.warn('saga step failed', { reason });
  return problem(422, 'saga-step-failed', reason);
}
