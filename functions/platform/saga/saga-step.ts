/**
 * Saga step functions: the HTTP handlers Cloud Workflows calls. Each (saga, step) runs its effect at most
 * once: the saga log record is the idempotency key, written in the same transaction as the effect, and a
 * repeated call answers the stored outcome. Business failures answer 422 (the saga compensates, no retry);
 * unexpected errors answer 500 (the saga retries). A step's events commit with it in the platform outbox.
 */
import type { Transaction } from '@google-cloud/firestore';
import type { MessageData, MessageDef } from '../../../schemas/message.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { StepRequest, StepResult } from '../../../schemas/sagas/v1/saga.ts';
import { sourceOf } from '../../manifest.ts';
import { db } from '../clients.ts';
import { type HttpHandlerDef, httpHandler, ok } from '../http/http-handler.ts';
import { problem } from '../http/problem.ts';
import type { Logger } from '../logger.ts';
import { type Envelope, envelope } from '../messaging/cloudevent.ts';
import { relayStaged, stageEvents } from '../messaging/outbox.ts';
import { injectedFault, timesOutAfterCommit } from './faults.ts';
import { loadStep, saveStep } from './saga-log.repository.ts';
import { finished, transition } from './saga-log.ts';

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
  const source = sourceOf({ context, name: fnName });
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
          // A replay relays them again only if still staged (same ids, which consumers dedupe).
          const events = current.outbox ?? [];
          const outcome: StepOutcome = current.failure
            ? { ok: false, reason: current.failure.reason }
            : { ok: true, events };
          return { replay: true, outcome };
        }
        if (req.phase === 'undo' && current?.status !== 'PROCESSED') {
          // The workflow undoes the step that failed too (a timeout can hide a commit). Only a PROCESSED step
          // has anything to undo; one that never finished is fenced as FAILED, so a late forward call is a no-op.
          if (!finished(current))
            saveStep(tx, transition(current, keyOf(req), 'FAILED', at, 'never completed'));
          return { replay: false, outcome: { ok: true, events: [] } as StepOutcome };
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
        if (outcome.ok) stageEvents(tx, outcome.events);
        return { replay: false, outcome };
      });
      if (!result.outcome.ok) {
        log.warn('saga step failed', { reason: result.outcome.reason, replay: result.replay });
        return problem(422, 'saga-step-failed', result.outcome.reason);
      }
      await relayStaged(result.outcome.events, log);
      if (req.phase === 'do' && (await timesOutAfterCommit(req.sagaId, req.step)))
        return problem(504, 'timeout', 'injected timeout after commit');
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
