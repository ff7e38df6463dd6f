/**
 * Subscription filters: a Pub/Sub-triggered function is delivered only the message types it handles. Derived
 * from the manifest entry's `handles` and its topic's `carries`; Terraform (`infra/deploy-view.ts`) and the
 * local wiring (`emulators/suite/wiring.ts`) put the same filter on the subscription, and the event adapter
 * (`platform/messaging/event-handler.ts`) applies it again, since the Pub/Sub emulator does not.
 */
import type { MessageDef } from '../schemas/message.ts';
import { type UpcasterRegistry, upcastChain, upcasters } from '../schemas/upcasters.ts';
import type { PubsubTrigger, TopicSpec } from './manifest.types.ts';

/** The attribute the publisher sets from the CloudEvents `type` (binary mode: `toPubsubMessage`). */
export const TYPE_ATTRIBUTE = 'ce-type';

/** Pub/Sub rejects a subscription filter longer than this (UTF-8 bytes). */
export const FILTER_MAX_BYTES = 256;

/**
 * The types a subscription delivers: each handled type, and every type the topic carries whose upcaster
 * chain leads to a handled one (an old version still in flight reaches the handler as the one it reads).
 * In the topic's `carries` order, then handled types the topic does not carry.
 */
export function deliveredTypesOf(
  handles: readonly MessageDef[],
  carries: readonly MessageDef[],
  registry: UpcasterRegistry = upcasters,
): string[] {
  const carried = carries.map((m) => m.type).filter((t) => upcastChain(t, handles, registry) !== undefined);
  return [...new Set([...carried, ...handles.map((m) => m.type)])];
}

const equals = (type: string) => `attributes.${TYPE_ATTRIBUTE} = ${JSON.stringify(type)}`;

/**
 * The Pub/Sub filter delivering exactly `delivered`, or undefined when it would deliver everything the topic
 * carries anyway (then the subscription has no filter, and an uncarried type still reaches the handler and is
 * dead-lettered as unknown). Throws when the filter would not fit Pub/Sub's 256 bytes.
 */
export function filterOf(delivered: readonly string[], carries: readonly MessageDef[]): string | undefined {
  if (carries.every((m) => delivered.includes(m.type))) return undefined;
  const filter = delivered.map(equals).join(' OR ');
  const bytes = Buffer.byteLength(filter, 'utf8');
  if (bytes > FILTER_MAX_BYTES)
    throw new Error(
      `subscription filter of ${bytes} bytes exceeds Pub/Sub's ${FILTER_MAX_BYTES}: ${filter} (use hasPrefix or no filter)`,
    );
  return filter;
}

/** A trigger read against a set of topics (the manifest's, or a test's). */
export interface SubscriptionDelivery {
  /** The CloudEvents types the subscription delivers. */
  delivered: string[];
  /** Its Pub/Sub filter; undefined when it takes the whole topic. */
  filter: string | undefined;
  /** Whether Pub/Sub delivers a message of `type` on this subscription (no filter: every type). */
  delivers(type: string): boolean;
}

export function deliveryOf(
  trigger: Pick<PubsubTrigger, 'topic' | 'handles'>,
  topics: Readonly<Record<string, TopicSpec>>,
): SubscriptionDelivery {
  const topic = topics[trigger.topic];
  if (!topic) throw new Error(`subscription on unknown topic ${trigger.topic}`);
  const delivered = deliveredTypesOf(trigger.handles, topic.carries);
  const filter = filterOf(delivered, topic.carries);
  return { delivered, filter, delivers: (type) => filter === undefined || delivered.includes(type) };
}
