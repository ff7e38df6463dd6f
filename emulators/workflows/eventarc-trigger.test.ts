/** The Eventarc-style trigger: subscription set-up, the event shape production delivers, and dedupe by message id. */
import { EventEmitter } from 'node:events';
import type { Message, PubSub } from '@google-cloud/pubsub';
import { describe, expect, it } from 'vitest';
import { executionIdFor, pubsubEvent, startTriggers } from './eventarc-trigger.ts';

class FakeSubscription extends EventEmitter {
  close = async () => {};
}

function fakePubsub() {
  const created: string[] = [];
  const subs = new Map<string, FakeSubscription>();
  const pubsub = {
    topic: (t: string) => ({
      exists: async () => [created.includes(`topic:${t}`)],
      createSubscription: async (s: string) => created.push(`sub:${s}<-${t}`),
    }),
    createTopic: async (t: string) => created.push(`topic:${t}`),
    subscription: (s: string) => {
      // A new handle per call, as the client gives; the latest one is the listening one.
      const sub: FakeSubscription & { exists?: () => Promise<boolean[]> } = new FakeSubscription();
      subs.set(s, sub);
      sub.exists = async () => [created.some((c) => c.startsWith(`sub:${s}<-`))];
      return sub;
    },
  };
  return { pubsub: pubsub as unknown as PubSub, created, subs };
}

function message(id: string, data: unknown, attributes: Record<string, string> = {}) {
  const acks: string[] = [];
  const m = {
    id,
    data: Buffer.from(JSON.stringify(data)),
    attributes,
    publishTime: { toISOString: () => '2024-05-01T10:00:00.000Z' },
    ack: () => acks.push('ack'),
    nack: () => acks.push('nack'),
  };
  return { m: m as unknown as Message, acks };
}

describe('Eventarc-style Pub/Sub trigger', () => {
  it('shapes the runtime argument as the CloudEvent production delivers', () => {
    const { m } = message('123', { a: 1 }, { kind: 'x' });
    expect(pubsubEvent('p', 'topic-a', 'eventarc-w', m)).toEqual({
      specversion: '1.0',
      id: '123',
      source: '//pubsub.googleapis.com/projects/p/topics/topic-a',
      type: 'google.cloud.pubsub.topic.v1.messagePublished',
      datacontenttype: 'application/json',
      time: '2024-05-01T10:00:00.000Z',
      data: {
        subscription: 'projects/p/subscriptions/eventarc-w',
        message: {
          data: Buffer.from('{"a":1}').toString('base64'),
          attributes: { kind: 'x' },
          messageId: '123',
          publishTime: '2024-05-01T10:00:00.000Z',
        },
      },
    });
  });

  it('creates topic and subscription once, starts one execution per message id, and acks duplicates', async () => {
    const { pubsub, created, subs } = fakePubsub();
    const executions = new Map<string, string>();
    const target = {
      projectId: 'p',
      exists: (w: string, id: string) => executions.has(`${w}/${id}`),
      start: (w: string, argument: string, id: string) => void executions.set(`${w}/${id}`, argument),
    };
    const triggers = [{ workflow: 'saga', topic: 'events' }];
    await startTriggers(pubsub, triggers, target);
    await startTriggers(pubsub, triggers, target); // idempotent set-up (a restart)
    expect(created).toEqual(['topic:events', 'sub:eventarc-saga<-events']);

    const first = message('m-1', { n: 1 });
    const redelivery = message('m-1', { n: 1 });
    subs.get('eventarc-saga')?.emit('message', first.m);
    subs.get('eventarc-saga')?.emit('message', redelivery.m);
    expect([...executions.keys()]).toEqual([
      `saga/${executionIdFor('saga', 'm-1', first.m.publishTime.toISOString())}`,
    ]);
    expect(first.acks).toEqual(['ack']);
    expect(redelivery.acks).toEqual(['ack']);
    expect(JSON.parse([...executions.values()][0] as string)).toMatchObject({
      id: 'm-1',
      data: { message: { messageId: 'm-1' } },
    });
  });

  it('nacks when the execution cannot start, so Pub/Sub redelivers', async () => {
    const { pubsub, subs } = fakePubsub();
    await startTriggers(pubsub, [{ workflow: 'w', topic: 't' }], {
      projectId: 'p',
      exists: () => false,
      start: () => {
        throw new Error('workflow does not load');
      },
    });
    const { m, acks } = message('m-2', {});
    subs.get('eventarc-w')?.emit('message', m);
    expect(acks).toEqual(['nack']);
  });

  it('derives a stable UUID-shaped execution id per workflow and message', () => {
    expect(executionIdFor('a', '1')).toBe(executionIdFor('a', '1'));
    expect(executionIdFor('a', '1', 't1')).not.toBe(executionIdFor('a', '1', 't2'));
    expect(executionIdFor('a', '1')).not.toBe(executionIdFor('b', '1'));
    expect(executionIdFor('a', '1')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });
});
