import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, removeDir, startFixture } from './test-helpers.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  status: number;
}

let fx: Fixture;
let receiver: Server;
const received: Received[] = [];
/** Answers 500 to the first delivery of each ce-id, to exercise the retry. */
const failOnce = new Set<string>();
const failedAlready = new Set<string>();

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString();
    });
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      const id = req.headers['ce-id'] as string;
      const status = failOnce.has(body.name as string) && !failedAlready.has(id) ? 500 : 204;
      if (status === 500) failedAlready.add(id);
      received.push({ headers: req.headers, body, status });
      res.writeHead(status);
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  fx = await startFixture({
    triggers: [
      { bucket: 'events', eventType: 'finalized', url: `${target}/onFinalize` },
      { bucket: 'events', eventType: 'deleted', url: `${target}/onDelete` },
    ],
    retry: { attempts: 4, baseDelayMs: 50 },
  });
  await fx.storage.createBucket('events');
  await fx.storage.createBucket('quiet');
});
afterAll(async () => {
  await fx.stop();
  receiver.close();
  removeDir(fx.dataDir);
});

async function waitFor(pred: (r: Received) => boolean, count = 1, ms = 5000): Promise<Received[]> {
  const until = Date.now() + ms;
  for (;;) {
    const hits = received.filter(pred);
    if (hits.length >= count) return hits;
    if (Date.now() > until) throw new Error(`timed out waiting for ${count} events, saw ${hits.length}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('CloudEvents to registered targets', () => {
  it('posts a binary-mode finalized CloudEvent with the object as data', async () => {
    await fx.storage
      .bucket('events')
      .file('studies/1.dcm')
      .save('dicom', { contentType: 'application/dicom' });
    const [ev] = await waitFor((r) => r.body.name === 'studies/1.dcm');
    expect(ev?.headers).toMatchObject({
      'ce-specversion': '1.0',
      'ce-type': 'google.cloud.storage.object.v1.finalized',
      'ce-source': '//storage.googleapis.com/projects/_/buckets/events',
      'ce-subject': 'objects/studies/1.dcm',
      'content-type': 'application/json',
    });
    expect(ev?.headers['ce-id']).toBeTruthy();
    expect(Date.parse(ev?.headers['ce-time'] as string)).not.toBeNaN();
    const [meta] = await fx.storage.bucket('events').file('studies/1.dcm').getMetadata();
    expect(ev?.body).toMatchObject({
      bucket: 'events',
      name: 'studies/1.dcm',
      generation: meta.generation,
      metageneration: '1',
      contentType: 'application/dicom',
      size: '5',
      md5Hash: meta.md5Hash,
      crc32c: meta.crc32c,
      storageClass: 'STANDARD',
      kind: 'storage#object',
    });
  });

  it('posts a deleted CloudEvent when an object is deleted', async () => {
    await fx.storage.bucket('events').file('to-delete.dcm').save('x');
    await fx.storage.bucket('events').file('to-delete.dcm').delete();
    const [ev] = await waitFor(
      (r) =>
        r.body.name === 'to-delete.dcm' && r.headers['ce-type'] === 'google.cloud.storage.object.v1.deleted',
    );
    expect(ev?.headers['ce-subject']).toBe('objects/to-delete.dcm');
  });

  it('retries with the same ce-id after the target answers 500', async () => {
    failOnce.add('retry.dcm');
    await fx.storage.bucket('events').file('retry.dcm').save('x');
    const hits = await waitFor((r) => r.body.name === 'retry.dcm', 2);
    expect(hits.map((h) => h.status)).toEqual([500, 204]);
    expect(hits[0]?.headers['ce-id']).toBe(hits[1]?.headers['ce-id']);
  });

  it('sends deleted for the replaced generation when an object is overwritten', async () => {
    await fx.storage.bucket('events').file('over.dcm').save('v1');
    const [first] = await fx.storage.bucket('events').file('over.dcm').getMetadata();
    await fx.storage.bucket('events').file('over.dcm').save('v2');
    const [deleted] = await waitFor(
      (r) => r.body.name === 'over.dcm' && r.headers['ce-type'] === 'google.cloud.storage.object.v1.deleted',
    );
    expect(deleted?.body.generation).toBe(first.generation);
    await waitFor(
      (r) => r.body.name === 'over.dcm' && r.headers['ce-type']?.toString().endsWith('finalized') === true,
      2,
    );
  });

  it('sends nothing for buckets without triggers', async () => {
    await fx.storage.bucket('quiet').file('silent.dcm').save('x');
    await fx.storage.bucket('events').file('marker.dcm').save('x');
    await waitFor((r) => r.body.name === 'marker.dcm');
    expect(received.some((r) => r.body.bucket === 'quiet')).toBe(false);
  });

  it('does not block or fail uploads when the target is unreachable', async () => {
    const lonely = await startFixture({
      triggers: [{ bucket: 'bkt1', eventType: 'finalized', url: 'http://127.0.0.1:9/unreachable' }],
      retry: { attempts: 3, baseDelayMs: 10 },
    });
    await lonely.storage.createBucket('bkt1');
    await lonely.storage.bucket('bkt1').file('f').save('still stored');
    expect((await lonely.storage.bucket('bkt1').file('f').download())[0].toString()).toBe('still stored');
    await lonely.stop();
    removeDir(lonely.dataDir);
  });
});
