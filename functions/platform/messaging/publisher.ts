/** Publishes validated envelopes to the topic the manifest assigns to their type. */
import type { PubSub, Topic } from '@google-cloud/pubsub';
import { topicOf } from '../../manifest.ts';
import { pubsubClient } from '../clients.ts';
import { type Envelope, toPubsubMessage } from './cloudevent.ts';

export type Publish = (envelopes: readonly Envelope[]) => Promise<void>;

/** A publisher bound to a Pub/Sub client; topics are resolved from the manifest, never spelled by callers. */
export function createPublisher(client: () => PubSub = pubsubClient): Publish {
  const cache = new Map<string, Topic>();
  const topic = (name: string) => {
    let t = cache.get(name);
    if (!t) {
      t = client().topic(name);
      cache.set(name, t);
    }
    return t;
  };
  return async (envelopes) => {
    await Promise.all(
      envelopes.map((env) => {
        const { data, attributes } = toPubsubMessage(env);
        return topic(topicOf(env.type)).publishMessage({ data, attributes });
      }),
    );
  };
}

export const publish: Publish = createPublisher();
