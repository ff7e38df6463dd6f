/** CloudEvents 1.0 envelopes for commands and integration events, and their Pub/Sub binary-mode binding. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { MessageData, MessageDef } from '../../../schemas/message.ts';

export interface Envelope<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: string;
  /** Extension: the request or saga that started the chain. */
  correlationid: string;
  /** Extension: the id of the message that caused this one. */
  causationid?: string;
  /** Extension: the aggregate version this event produced, for out-of-order consumers. */
  sequence?: number;
  data: T;
}

export interface EnvelopeOrigin {
  source: string;
  subject?: string;
  correlationId?: string;
  causationId?: string;
  sequence?: number;
  id?: string;
  time?: Date;
}

/** Builds an envelope after validating `data` against the message's schema: invalid payloads never leave. */
export function envelope<M extends MessageDef>(
  def: M,
  data: MessageData<M>,
  origin: EnvelopeOrigin,
): Envelope<MessageData<M>> {
  const id = origin.id ?? randomUUID();
  return {
    specversion: '1.0',
    id,
    source: origin.source,
    type: def.type,
    ...(origin.subject === undefined ? {} : { subject: origin.subject }),
    time: (origin.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    dataschema: def.dataschema,
    correlationid: origin.correlationId ?? id,
    ...(origin.causationId === undefined ? {} : { causationid: origin.causationId }),
    ...(origin.sequence === undefined ? {} : { sequence: origin.sequence }),
    data: def.schema.parse(data) as MessageData<M>,
  };
}

export interface PubsubMessage {
  data: Buffer;
  attributes: Record<string, string>;
}

const ATTRIBUTES = [
  'specversion',
  'id',
  'source',
  'type',
  'subject',
  'time',
  'dataschema',
  'correlationid',
  'causationid',
  'sequence',
] as const;

/** Binary content mode (CloudEvents Pub/Sub binding): attributes `ce-*`, the data as the message body. */
export function toPubsubMessage(env: Envelope): PubsubMessage {
  const attributes: Record<string, string> = { 'content-type': env.datacontenttype };
  for (const key of ATTRIBUTES) {
    const value = env[key];
    if (value !== undefined) attributes[`ce-${key}`] = String(value);
  }
  return { data: Buffer.from(JSON.stringify(env.data)), attributes };
}

const IncomingAttributes = z.object({
  'ce-specversion': z.literal('1.0'),
  'ce-id': z.string().min(1),
  'ce-source': z.string().min(1),
  'ce-type': z.string().min(1),
  'ce-time': z.string().min(1),
  'ce-dataschema': z.string().min(1),
  'ce-correlationid': z.string().min(1),
  'ce-subject': z.string().optional(),
  'ce-causationid': z.string().optional(),
  'ce-sequence': z.coerce.number().int().optional(),
});

export type Unwrapped = { ok: true; envelope: Envelope<unknown> } | { ok: false; reason: string };

/** Reads an envelope back from a Pub/Sub message; the data is parsed JSON, not yet validated. */
export function fromPubsubMessage(message: {
  data?: string | Buffer;
  attributes?: Record<string, string>;
}): Unwrapped {
  const attrs = IncomingAttributes.safeParse(message.attributes ?? {});
  if (!attrs.success) {
    return {
      ok: false,
      reason: `missing or invalid CloudEvents attributes: ${attrs.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    };
  }
  const raw =
    typeof message.data === 'string'
      ? Buffer.from(message.data, 'base64')
      : (message.data ?? Buffer.alloc(0));
  let data: unknown;
  try {
    data = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, reason: 'message body is not JSON' };
  }
  const a = attrs.data;
  return {
    ok: true,
    envelope: {
      specversion: '1.0',
      id: a['ce-id'],
      source: a['ce-source'],
      type: a['ce-type'],
      ...(a['ce-subject'] === undefined ? {} : { subject: a['ce-subject'] }),
      time: a['ce-time'],
      datacontenttype: 'application/json',
      dataschema: a['ce-dataschema'],
      correlationid: a['ce-correlationid'],
      ...(a['ce-causationid'] === undefined ? {} : { causationid: a['ce-causationid'] }),
      ...(a['ce-sequence'] === undefined ? {} : { sequence: a['ce-sequence'] }),
      data,
    },
  };
}
