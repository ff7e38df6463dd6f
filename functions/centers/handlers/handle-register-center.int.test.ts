/** The RegisterCenter handler against the emulators: at-least-once delivery has one effect; poison is dead-lettered. */
import { randomUUID } from 'node:crypto';
import type { Message, PubSub, Subscription } from '@google-cloud/pubsub';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearFirestore, deadLettered, eventually, pubsub } from '../../../emulators/test/suite.ts';
import { RegisterCenterV1 } from '../../../schemas/centers/v1/register-center.command.ts';
import { CenterRegisteredV2 } from '../../../schemas/centers/v2/center-registered.event.ts';
import { db } from '../../platform/clients.ts';
import { envelope, toPubsubMessage } from '../../platform/messaging/cloudevent.ts';
import { CENTERS } from '../adapters/center.repository.ts';

let client: PubSub;
let tapSubscription: Subscription;
const eventsSeen: Message[] = [];
const tap = `test-centers-events-${randomUUID()}`;

/** Receives every centers event, to count what the handler published. */
beforeAll(async () => {
  client = pubsub();
  const [sub] = await client.topic('centers.events').createSubscription(tap);
  tapSubscription = sub;
  sub.on('message', (m: Message) => {
    eventsSeen.push(m);
    m.ack();
  });
});
afterAll(async () => {
  // Stop the streaming pull first: deleting under an open stream surfaces as an unhandled NOT_FOUND.
  await tapSubscription.close();
  await client.subscription(tap).delete();
  await client.close();
});
beforeEach(clearFirestore);

const command = (code: string) =>
  envelope(
    RegisterCenterV1,
    {
      centerId: randomUUID(),
      code,
      name: 'Clínica Test',
      city: 'Pasto',
      contactEmail: 'a@b.example',
      requestedBy: 'u-1',
    },
    { source: '/tests', subject: 'x' },
  );

const publishRaw = (topic: string, data: Buffer, attributes: Record<string, string>) =>
  client.topic(topic).publishMessage({ data, attributes });

describe('handle-register-center', () => {
  it('has one effect when the same command is delivered twice', async () => {
    const env = command('TWICE-1');
    const msg = toPubsubMessage(env);
    await publishRaw('centers.register-center', msg.data, msg.attributes);
    await publishRaw('centers.register-center', msg.data, msg.attributes);
    const ref = db().collection(CENTERS).doc(env.data.centerId);
    await eventually(async () => ((await ref.get()).exists ? true : undefined));
    // Give the second delivery time to be handled (the projection of the first has run by then too).
    await eventually(async () => {
      const processed = await db().collection('processed-messages').where('id', '==', env.id).get();
      return processed.size === 1 ? true : undefined;
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await ref.get()).data()).toMatchObject({ status: 'registered', version: 1, code: 'TWICE-1' });
    // A concurrent redelivery may re-publish the outbox (at least once), but always the same event id,
    // which every consumer dedupes: one distinct CenterRegistered.
    const published = eventsSeen.filter((m) => m.attributes['ce-causationid'] === env.id);
    expect(new Set(published.map((m) => m.attributes['ce-id'])).size).toBe(1);
    expect(published[0]?.attributes['ce-type']).toBe(CenterRegisteredV2.type);
  });

  it('dead-letters a command whose data fails its schema, with the failing fields as the reason', async () => {
    const env = command('POISON-1');
    const msg = toPubsubMessage(env);
    const bad = Buffer.from(JSON.stringify({ ...env.data, contactEmail: 'not-an-email', code: undefined }));
    await publishRaw('centers.register-center', bad, msg.attributes);
    const dead = await deadLettered(
      'handle-register-center',
      (m) => m.attributes['ce-id'] === env.id,
      client,
    );
    expect(dead.attributes['deadletter-reason']).toBe(
      `invalid ${RegisterCenterV1.type} data at: code, contactEmail`,
    );
    expect((await db().collection(CENTERS).doc(env.data.centerId).get()).exists).toBe(false);
  });

  it('dead-letters a message whose type version it does not know', async () => {
    const env = command('FUTURE-1');
    const msg = toPubsubMessage(env);
    const attributes = { ...msg.attributes, 'ce-type': 'saludtech.centers.register-center.v9' };
    await publishRaw('centers.register-center', msg.data, attributes);
    const dead = await deadLettered(
      'handle-register-center',
      (m) => m.attributes['ce-id'] === env.id,
      client,
    );
    expect(dead.attributes['deadletter-reason']).toBe(
      'unknown message type saludtech.centers.register-center.v9',
    );
  });
});
