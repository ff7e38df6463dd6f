/** Publishes validated envelopes to the topics the manifest assigns to their type (its home, and any copies). */
import type { PubSub, Topic } from '@google-cloud/pubsub';
import { topicsOf } from '../../manifest.ts';
import { pubsubClient } from '../clients.ts';
import { type Envelope, toPubsubMessage } from './cloudevent.ts';

export type Publish = (envelopes: readonly Envelope[]) => Promise<void>;

/** A publisher bound to a Pub/Sub client; topics are resolved from the manifest, never spelled by callers. */
export function createPublisher(client: () => PubSub = pubsubClient): Publish {
  const cache = new Map<string, Topic>();
  const topic = (name: string) => {
    let t = cache.get(name);
    if (!t) {
      // A relay publishes the few events of one commit and waits for them before it answers: the client's
      // default 10 ms batching window would be added to every hop of every flow.
      t = client().topic(name, { batching: { maxMilliseconds: 1 } });
      cache.set(name, t);
    }
    return t;
  };
  return async (envelopes) => {
    await Promise.all(
      envelopes.flatMap((env) => {
        const { data, attributes } = toPubsubMessage(env);
        return topicsOf(env.type).map((name) => topic(name).publishMessage({ data, attributes }));
      }),
    );
  };
}

export const publish: Publish = createPublisher();
