/**
 * The HTTP side of an asynchronous command: reserve what must be unique, remember the Idempotency-Key and
 * stage the command in the outbox, all in one transaction; relay it; answer 202 with a Location. A repeated
 * key replays the first answer (and relays the same command id again if it is still staged, which handlers
 * dedupe), so a client retry is always safe, and a failed publish never loses an accepted command.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from '@google-cloud/firestore';
import type { MessageData, MessageDef } from '../../../schemas/message.ts';
import { sourceOf } from '../../manifest.ts';
import { db } from '../clients.ts';
import { type Envelope, envelope } from '../messaging/cloudevent.ts';
import { relayStaged, stageEvents } from '../messaging/outbox.ts';
import type { Publish } from '../messaging/publisher.ts';
import { accepted, type HttpContext, type HttpResult } from './http-handler.ts';
import { type Problem, problem } from './problem.ts';

export const IDEMPOTENCY_KEYS = 'idempotency-keys';

export interface CommandRequest<M extends MessageDef> {
  command: M;
  data: MessageData<M>;
  /** The aggregate the command targets (CloudEvent `subject`). */
  subject: string;
  /** Where the result will be readable. */
  location: string;
  /** Runs inside the transaction before acceptance: reads, then writes (e.g. a uniqueness claim). */
  reserve?: (tx: Transaction, commandId: string) => Promise<Problem | undefined>;
  publish?: Publish;
}

interface StoredAnswer {
  bodyHash: string;
  location: string;
  envelope: Envelope;
}

const hash = (value: string) => createHash('sha256').update(value).digest('hex');

/** Accepts a command for asynchronous handling. */
export async function acceptCommand<M extends MessageDef>(
  ctx: HttpContext<unknown, unknown, unknown>,
  req: CommandRequest<M>,
): Promise<HttpResult | Problem> {
  const env = envelope(req.command, req.data, {
    source: sourceOf(ctx.entry),
    subject: req.subject,
    correlationId: ctx.correlationId,
  });
  if (
    ctx.idempotencyKey !== undefined &&
    (ctx.idempotencyKey.length === 0 || ctx.idempotencyKey.length > 255)
  ) {
    return problem(400, 'validation', 'invalid header', [
      { field: 'header.Idempotency-Key', message: '1-255 characters' },
    ]);
  }
  const keyRef = ctx.idempotencyKey
    ? db()
        .collection(IDEMPOTENCY_KEYS)
        .doc(hash(`${ctx.entry.name}\n${ctx.principal.uid}\n${ctx.idempotencyKey}`))
    : undefined;
  const bodyHash = hash(JSON.stringify(ctx.body ?? null)); // a custom method (`/x/{id}:verb`) has no body

  const outcome = await db().runTransaction(async (tx): Promise<StoredAnswer | Problem> => {
    const previous = keyRef ? await tx.get(keyRef) : undefined;
    if (previous?.exists) {
      const stored = previous.data() as StoredAnswer;
      if (stored.bodyHash !== bodyHash) {
        return problem(422, 'idempotency-key-reused', 'this Idempotency-Key was used with a different body');
      }
      return stored;
    }
    const refused = await req.reserve?.(tx, env.id);
    if (refused) return refused;
    const answer: StoredAnswer = { bodyHash, location: req.location, envelope: env };
    if (keyRef) tx.create(keyRef, { ...answer, createdAt: new Date() });
    stageEvents(tx, [env]);
    return answer;
  });
  if ('status' in outcome) return outcome;

  await relayStaged([outcome.envelope], ctx.log, req.publish);
  ctx.log.info('command accepted', { type: outcome.envelope.type, commandId: outcome.envelope.id });
  return accepted(outcome.location, {
    commandId: outcome.envelope.id,
    status: 'accepted',
    location: outcome.location,
  });
}
