/**
 * Pub/Sub-triggered handlers: validate the incoming CloudEvent, run the handler at most once per
 * (function, source, id) inside one Firestore transaction, with what it emits staged in the platform outbox.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from '@google-cloud/firestore';
import type { CloudEvent } from '@google-cloud/functions-framework';
import type { MessageData, MessageDef } from '../../../schemas/message.ts';
import { decode } from '../../../schemas/upcasters.ts';
import { delivers, type ManifestEntry, sourceOf } from '../../manifest.ts';
import { db } from '../clients.ts';
import type { Logger } from '../logger.ts';
import { log as rootLog } from '../logger.ts';
import { type Envelope, type EnvelopeOrigin, envelope, fromPubsubMessage } from './cloudevent.ts';
import { deadLetter } from './dead-letter.ts';
import { countDelivery, type Outcome } from './delivery-counts.ts';
import { relayStaged, stageEvents } from './outbox.ts';
import { publish as defaultPublish, type Publish } from './publisher.ts';

/** One accepted message; `switch (m.type)` (or `if (m.type === X.type)`) narrows it, data included. */
export type Incoming<M extends MessageDef> = M extends MessageDef
  ? { type: M['type']; def: M; data: MessageData<M>; envelope: Envelope<MessageData<M>> }
  : never;

/** Narrows a message of a wide `accepts` list to one definition (where a `switch` on literal types cannot). */
export const isMessage = <W extends MessageDef>(
  m: Incoming<MessageDef>,
  def: W,
): m is Incoming<MessageDef> & { def: W; data: MessageData<W>; envelope: Envelope<MessageData<W>> } =>
  m.type === def.type;

export interface EventContext {
  /** Reads first, then writes: the dedupe record commits with them or not at all. */
  tx: Transaction;
  log: Logger;
  /** Builds an outgoing envelope caused by the incoming one (same correlation id). */
  emit<E extends MessageDef>(
    def: E,
    data: MessageData<E>,
    origin: Pick<EnvelopeOrigin, 'subject' | 'sequence'>,
  ): Envelope;
}

export interface EventHandlerDef<M extends MessageDef = MessageDef> {
  kind: 'event';
  accepts: readonly M[];
  /** Returns the envelopes it emits: staged in the outbox with its writes, relayed after commit. */
  handle(message: Incoming<M>, ctx: EventContext): Promise<Envelope[]>;
}

/** Declares a Pub/Sub-triggered handler (the default export of a `*.handler.ts`). */
export function eventHandler<M extends MessageDef>(
  def: Omit<EventHandlerDef<M>, 'kind'>,
): EventHandlerDef<M> {
  return { kind: 'event', ...def };
}

export interface PushData {
  message?: { data?: string; attributes?: Record<string, string>; messageId?: string };
  subscription?: string;
}

export const PROCESSED = 'processed-messages';
const RETENTION_MS = 30 * 24 * 3600 * 1000;

/** The dedupe record's id: a hash, since CloudEvent sources contain slashes. */
export const dedupeId = (fn: string, source: string, id: string) =>
  createHash('sha256').update(`${fn}\n${source}\n${id}`).digest('hex');

export type { Outcome };

/** Adapts a handler definition to a functions-framework CloudEvent function. */
export function toCloudEventFunction(
  entry: ManifestEntry,
  def: EventHandlerDef,
  publish: Publish = defaultPublish,
) {
  const deliver = async (ce: CloudEvent<PushData>): Promise<Outcome> => {
    const message = ce.data?.message ?? {};
    const log = rootLog.with({ function: entry.name, messageId: message.messageId ?? ce.id });
    const unwrapped = fromPubsubMessage(message);
    if (!unwrapped.ok) return deadLetter(entry.name, message, unwrapped.reason, log);
    const env = unwrapped.envelope;
    // The subscription's `ce-type` filter, applied again here: in production Pub/Sub never delivers these (it
    // acks them itself), but the emulator accepts a filter and ignores it. Acked, untouched, never dead-lettered.
    if (entry.trigger.kind === 'pubsub' && !delivers(entry.trigger, env.type)) {
      log.debug('not delivered: subscription filter', { type: env.type });
      return 'filtered';
    }
    // An older version with an upcaster chain to an accepted one is read as that one; the rest is dead-lettered.
    const decoded = decode(def.accepts, env.type, env.data);
    if (!decoded.ok) return deadLetter(entry.name, message, decoded.reason, log);
    const eventLog = log.with({ type: env.type, ceId: env.id, correlationId: env.correlationid });
    if (decoded.upcastFrom) eventLog.info('upcast message', { to: decoded.def.type });
    const incoming = {
      type: decoded.def.type,
      def: decoded.def,
      data: decoded.data,
      envelope: { ...env, data: decoded.data },
    } as Incoming<MessageDef>;
    const ref = db()
      .collection(PROCESSED)
      .doc(dedupeId(entry.name, env.source, env.id));
    const source = sourceOf(entry);

    const { outbox, duplicate } = await db().runTransaction(async (tx) => {
      // A duplicate has no second effect and emits nothing: the first delivery's events are in the outbox.
      if ((await tx.get(ref)).exists) return { outbox: [] as Envelope[], duplicate: true };
      const ctx: EventContext = {
        tx,
        log: eventLog,
        emit: (e, data, origin) =>
          envelope(e, data, { ...origin, source, correlationId: env.correlationid, causationId: env.id }),
      };
      const out = await def.handle(incoming, ctx);
      tx.create(ref, {
        function: entry.name,
        source: env.source,
        id: env.id,
        type: env.type,
        processedAt: new Date(),
        expireAt: new Date(Date.now() + RETENTION_MS),
      });
      stageEvents(tx, out);
      return { outbox: out, duplicate: false };
    });

    await relayStaged(outbox, eventLog, publish);
    eventLog.info(duplicate ? 'duplicate message: no second effect' : 'message processed', {
      emitted: outbox.length,
    });
    return duplicate ? 'duplicate' : 'processed';
  };
  return async (ce: CloudEvent<PushData>): Promise<Outcome> => {
    try {
      const outcome = await deliver(ce);
      countDelivery(entry.name, outcome);
      return outcome;
    } catch (error) {
      countDelivery(entry.name, 'failed');
      throw error;
    }
  };
}
