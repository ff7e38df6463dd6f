import type { CloudEvent } from '@google-cloud/functions-framework';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  SUBSCRIPTION_EVENTS,
  SubscriptionActivatedV1,
  SubscriptionFailedV1,
} from '../../../schemas/subscriptions/v1/subscription.events.ts';
import { entry } from '../../manifest.ts';
import { eventHandler, type PushData, toCloudEventFunction } from './event-handler.ts';

// No emulators: Firestore must never be reached, and a dead letter is only recorded.
const published = vi.hoisted(() => [] as { topic: string; attributes: Record<string, string> }[]);
vi.mock('../clients.ts', () => ({
  db: () => {
    throw new Error('a unit test reached Firestore');
  },
  pubsubClient: () => ({
    topic: (topic: string) => ({
      publishMessage: async (m: { attributes: Record<string, string> }) => {
        published.push({ topic, attributes: m.attributes });
        return 'id';
      },
    }),
  }),
}));

const handle = vi.fn(async () => []);
const def = eventHandler({ accepts: SUBSCRIPTION_EVENTS, handle });
const publish = vi.fn(async () => {});

/** A push of `type` whose body is not valid for any type: only the filter can keep it from the dead letters. */
const push = (type: string): CloudEvent<PushData> =>
  ({
    id: 'm-1',
    specversion: '1.0',
    source: '//pubsub.googleapis.com/projects/p/topics/subscriptions.events',
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
    data: {
      message: {
        messageId: 'm-1',
        data: Buffer.from('{}').toString('base64'),
        attributes: {
          'ce-specversion': '1.0',
          'ce-id': 'e-1',
          'ce-source': '/saludtech/subscriptions/handle-create-subscription',
          'ce-type': type,
          'ce-time': '2026-11-23T10:00:00.000Z',
          'ce-dataschema': `https://api.saludtech.example/schemas/${type}.json`,
          'ce-correlationid': 'c-1',
        },
      },
    },
  }) as CloudEvent<PushData>;

beforeEach(() => {
  published.length = 0;
  handle.mockClear();
  publish.mockClear();
});

describe('toCloudEventFunction: the subscription filter', () => {
  const failed = toCloudEventFunction(entry('notify-subscription-failed'), def, publish);

  it('drops a type the subscription does not deliver: no handler, no Firestore, no dead letter', async () => {
    await expect(failed(push(SubscriptionActivatedV1.type))).resolves.toBe('filtered');
    expect(handle).not.toHaveBeenCalled();
    expect(publish).not.toHaveBeenCalled();
    expect(published).toEqual([]);
  });

  it('lets a delivered type through to decoding (this invalid body is then dead-lettered)', async () => {
    await expect(failed(push(SubscriptionFailedV1.type))).resolves.toBe('dead-lettered');
    expect(published.map((p) => p.topic)).toEqual(['notify-subscription-failed.dead-letter']);
    expect(handle).not.toHaveBeenCalled();
  });

  it('without a filter (the whole topic) an unknown type is delivered, and dead-lettered as unknown', async () => {
    const all = toCloudEventFunction(entry('project-subscriptions'), def, publish);
    await expect(all(push('saludtech.subscriptions.renewed.v1'))).resolves.toBe('dead-lettered');
    expect(published[0]?.attributes['deadletter-reason']).toMatch(/unknown message type/);
  });
});
