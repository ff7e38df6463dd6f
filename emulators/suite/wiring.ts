/** Creates the topics, dead-letter topics and push subscriptions the manifest declares, on the Pub/Sub emulator. */
import type { PubSub } from '@google-cloud/pubsub';
import {
  deadLetterTopic,
  entries,
  subscriptionFilter,
  subscriptionName,
  topics,
} from '../../functions/manifest.ts';
import type { PubsubTrigger } from '../../functions/manifest.types.ts';

/** Local only: a pull subscription on every dead-letter topic, so tests and people can read what landed there. */
export const inspectSubscription = (deadLetter: string) => `${deadLetter}.inspect`;

async function ensureTopic(pubsub: PubSub, name: string): Promise<void> {
  const [exists] = await pubsub.topic(name).exists();
  if (!exists) await pubsub.createTopic(name);
}

/** The push endpoint of a function: the topic in the path makes functions-framework fill CloudEvent `source`. */
export const pushEndpoint = (hostUrl: string, fn: string, projectId: string, topic: string) =>
  `${hostUrl}/${fn}/projects/${projectId}/topics/${topic}`;

export async function wireTriggers(pubsub: PubSub, hostUrl: string, projectId: string): Promise<void> {
  await Promise.all(Object.keys(topics).map((t) => ensureTopic(pubsub, t)));
  for (const e of entries()) {
    if (e.trigger.kind !== 'pubsub') continue;
    const trigger = e.trigger as PubsubTrigger;
    const dlq = deadLetterTopic(e.name);
    await ensureTopic(pubsub, dlq);
    const inspect = pubsub.subscription(inspectSubscription(dlq));
    if (!(await inspect.exists())[0]) await pubsub.topic(dlq).createSubscription(inspectSubscription(dlq));
    const sub = pubsub.subscription(subscriptionName(e.name));
    if ((await sub.exists())[0]) await sub.delete();
    // The filter production has; the emulator stores it without applying it (event-handler.ts drops instead).
    const filter = subscriptionFilter(trigger);
    await pubsub.topic(trigger.topic).createSubscription(subscriptionName(e.name), {
      ...(filter === undefined ? {} : { filter }),
      pushConfig: { pushEndpoint: pushEndpoint(hostUrl, e.name, projectId, trigger.topic) },
      ackDeadlineSeconds: trigger.ackDeadlineSeconds,
      retryPolicy: {
        minimumBackoff: { seconds: trigger.minBackoffSeconds },
        maximumBackoff: { seconds: trigger.maxBackoffSeconds },
      },
      deadLetterPolicy: {
        deadLetterTopic: `projects/${projectId}/topics/${dlq}`,
        maxDeliveryAttempts: trigger.maxDeliveryAttempts,
      },
    });
  }
}
