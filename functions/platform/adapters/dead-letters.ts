/**
 * The dead-letter queues of the Pub/Sub-triggered functions: each dead-letter topic has an `.inspect` pull
 * subscription (created by the local wiring and by Terraform) that holds what landed there. A peek pulls and
 * releases (ack deadline 0); a replay publishes each message again on the function's own topic, without
 * the dead-letter attributes, then acknowledges it. Consumers dedupe on the CloudEvent id, so a replay
 * reaches the others on that topic as a duplicate they ignore.
 */
import { v1 } from '@google-cloud/pubsub';
import { deadLetterTopic, entries, type FunctionName } from '../../manifest.ts';
import { pubsubClient } from '../clients.ts';

export const inspectSubscriptionOf = (fn: string) => `${deadLetterTopic(fn as FunctionName)}.inspect`;

/** Every Pub/Sub-triggered function with its topic and dead-letter topic, from the manifest. */
export const deadLetterQueues = () =>
  entries().flatMap((e) =>
    e.trigger.kind === 'pubsub'
      ? [
          {
            function: e.name as string,
            topic: e.trigger.topic as string,
            deadLetterTopic: deadLetterTopic(e.name),
          },
        ]
      : [],
  );

let subscriber: Promise<v1.SubscriberClient> | undefined;
// The low-level client: pull with returnImmediately and explicit acks (the high-level one only streams).
const client = () => {
  subscriber ??= pubsubClient()
    .getClientConfig()
    .then((c) => new v1.SubscriberClient({ ...c, port: c.port === undefined ? undefined : Number(c.port) }));
  return subscriber;
};

const subscriptionPath = (fn: string) =>
  `projects/${pubsubClient().projectId}/subscriptions/${inspectSubscriptionOf(fn)}`;

async function pull(fn: string, max: number) {
  const [res] = await (await client()).pull({
    subscription: subscriptionPath(fn),
    maxMessages: max,
    returnImmediately: true,
  });
  return res.receivedMessages ?? [];
}

/** Up to `max` waiting messages, released again at once. */
export async function peekDeadLetters(fn: string, max: number) {
  const got = await pull(fn, max);
  const ackIds = got.map((m) => m.ackId as string);
  if (ackIds.length)
    await (await client()).modifyAckDeadline({
      subscription: subscriptionPath(fn),
      ackIds,
      ackDeadlineSeconds: 0,
    });
  return got.map((m) => {
    const a = (m.message?.attributes ?? {}) as Record<string, string>;
    const seconds = Number(m.message?.publishTime?.seconds ?? 0);
    const pubsubGaveUp = a.CloudPubSubDeadLetterSourceDeliveryCount;
    return {
      messageId: String(m.message?.messageId ?? ''),
      ...(a['ce-type'] ? { ceType: a['ce-type'] } : {}),
      ...(a['ce-id'] ? { ceId: a['ce-id'] } : {}),
      ...(a['deadletter-reason']
        ? { reason: a['deadletter-reason'] }
        : pubsubGaveUp
          ? { reason: `Pub/Sub gave up after ${pubsubGaveUp} deliveries` }
          : {}),
      ...(seconds ? { publishTime: new Date(seconds * 1000).toISOString() } : {}),
    };
  });
}

const DEAD_LETTER_ATTRIBUTE = /^(deadletter-|CloudPubSubDeadLetter|googclient_)/;

/** Publishes every waiting message of `fn`'s queue on its topic again, then acknowledges it. */
export async function replayDeadLetters(fn: string, topic: string): Promise<number> {
  let replayed = 0;
  for (;;) {
    const got = await pull(fn, 50);
    if (got.length === 0) return replayed;
    for (const m of got) {
      const attributes = Object.fromEntries(
        Object.entries((m.message?.attributes ?? {}) as Record<string, string>).filter(
          ([k]) => !DEAD_LETTER_ATTRIBUTE.test(k),
        ),
      );
      await pubsubClient()
        .topic(topic)
        .publishMessage({ data: Buffer.from(m.message?.data ?? ''), attributes });
    }
    await (await client()).acknowledge({
      subscription: subscriptionPath(fn),
      ackIds: got.map((m) => m.ackId as string),
    });
    replayed += got.length;
  }
}
