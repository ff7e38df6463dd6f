import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, PROJECT, removeDir, startFixture } from './test-helpers.ts';

const JAR = '/usr/lib/google-cloud-sdk/platform/pubsub-emulator/lib/cloud-pubsub-emulator-0.8.20-all.jar';

/** A port the OS just handed out, so the Pub/Sub emulator cannot collide with another run's. */
async function freePort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  return port;
}

let fx: Fixture;
let pubsubProcess: ChildProcess | undefined;

beforeAll(async () => {
  fx = await startFixture();
  await fx.storage.createBucket('notified');
});
afterAll(async () => {
  await fx.stop();
  removeDir(fx.dataDir);
  const child = pubsubProcess;
  if (child?.pid && child.exitCode === null) {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }
});

describe('notification configs', () => {
  it('creates, lists, gets and deletes a notification config', async () => {
    const bucket = fx.storage.bucket('notified');
    const [created] = await bucket.createNotification('uploads', { eventTypes: ['OBJECT_FINALIZE'] });
    expect(created.metadata).toMatchObject({
      topic: `//pubsub.googleapis.com/projects/${PROJECT}/topics/uploads`,
      payload_format: 'JSON_API_V1',
      event_types: ['OBJECT_FINALIZE'],
    });
    const [listed] = await bucket.getNotifications();
    expect(listed.map((n) => n.id)).toEqual([created.id]);
    const [meta] = await bucket.notification(created.id as string).getMetadata();
    expect(meta.id).toBe(created.id);
    await bucket.notification(created.id as string).delete();
    expect((await bucket.getNotifications())[0]).toEqual([]);
  });

  it('answers 400 to a notification config with an invalid topic', async () => {
    const res = await fetch(`${fx.emulator.url}/b/notified/notificationConfigs`, {
      method: 'POST',
      body: JSON.stringify({ topic: 'not a topic', payload_format: 'JSON_API_V1' }),
    });
    expect(res.status).toBe(400);
  });
});

describe.runIf(existsSync(JAR))('notification publishing through the Pub/Sub emulator', () => {
  it('publishes OBJECT_FINALIZE with the real attributes and the object as data', async () => {
    const port = await freePort();
    pubsubProcess = spawn('java', ['-jar', JAR, '--host=127.0.0.1', `--port=${port}`], { stdio: 'ignore' });
    const host = `127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const up = await fetch(`http://${host}/`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 150) throw new Error('pubsub emulator did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    process.env.PUBSUB_EMULATOR_HOST = host;
    process.env.METADATA_SERVER_DETECTION ??= 'none';
    const { PubSub } = await import('@google-cloud/pubsub');
    const pubsub = new PubSub({ projectId: PROJECT });
    const [topic] = await pubsub.createTopic('storage-events');
    const [sub] = await topic.createSubscription('storage-events-sub');
    await fx.storage.bucket('notified').createNotification('storage-events', { objectNamePrefix: 'in/' });
    await fx.storage.bucket('notified').file('out/ignored.dcm').save('x');
    await fx.storage.bucket('notified').file('in/study.dcm').save('dicom');
    const message = await new Promise<{ attributes: Record<string, string>; data: Buffer }>(
      (resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no message')), 15_000);
        sub.on('message', (m) => {
          m.ack();
          clearTimeout(timer);
          resolve(m);
        });
      },
    );
    await sub.close();
    await pubsub.close();
    const [meta] = await fx.storage.bucket('notified').file('in/study.dcm').getMetadata();
    expect(message.attributes).toMatchObject({
      eventType: 'OBJECT_FINALIZE',
      payloadFormat: 'JSON_API_V1',
      bucketId: 'notified',
      objectId: 'in/study.dcm',
      objectGeneration: String(meta.generation),
    });
    expect(message.attributes.notificationConfig).toMatch(
      /^projects\/_\/buckets\/notified\/notificationConfigs\/\d+$/,
    );
    expect(JSON.parse(message.data.toString())).toMatchObject({ name: 'in/study.dcm', size: '5' });
  });
});
