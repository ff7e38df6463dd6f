/** Shared steps for the imaging end-to-end tests: a registered center, uploads, waiting, the event tap. */
import { randomUUID } from 'node:crypto';
import type { Message, Subscription } from '@google-cloud/pubsub';
import { Storage } from '@google-cloud/storage';
import { expect } from 'vitest';
import { api, eventually, pubsub, suite, token } from '../../../emulators/test/suite.ts';
import { db } from '../../platform/clients.ts';
import { bucketName } from '../../platform/config.ts';
import { IMAGING_CENTERS } from '../adapters/imaging-centers.repository.ts';
import { INGESTS, type LedgerEntry } from '../adapters/ingest-ledger.ts';
import { imageIdOf } from '../domain/image-id.ts';

export const storage = () => new Storage({ projectId: suite().projectId });
export const bucketOf = (logical: 'ingest' | 'anonymized' | 'quarantine') =>
  storage().bucket(bucketName(logical, suite().projectId));

/** Registers a center through the API and waits until imaging knows it. */
export async function registeredCenter(code: string): Promise<{ centerId: string; code: string }> {
  const admin = await token(['admin']);
  const res = await api('POST', '/centers', {
    token: admin,
    body: { code, name: `Centro ${code}`, city: 'Bogotá', contactEmail: `img@${code.toLowerCase()}.example` },
  });
  expect(res.status).toBe(202);
  const centerId = (res.headers.get('location') as string).split('/').pop() as string;
  await eventually(async () => {
    const snap = await db().collection(IMAGING_CENTERS).doc(code).get();
    return snap.exists ? true : undefined;
  }, 30_000);
  return { centerId, code };
}

export interface Uploaded {
  name: string;
  generation: string;
  imageId: string;
  resource: Record<string, unknown>;
}

/** Writes an object into the ingest bucket (the finalize trigger fires on its own). */
export async function upload(
  name: string,
  bytes: Buffer,
  metadata?: Record<string, string>,
): Promise<Uploaded> {
  const file = bucketOf('ingest').file(name);
  await file.save(bytes, { resumable: false, ...(metadata ? { metadata: { metadata } } : {}) });
  const resource = file.metadata as Record<string, unknown>;
  const generation = String(resource.generation);
  return {
    name,
    generation,
    imageId: imageIdOf(bucketName('ingest', suite().projectId), name, generation),
    resource,
  };
}

export const uploadPrefix = (code: string, uploadId = randomUUID()) => ({
  uploadId,
  at: (file: string) => `centers/${code}/${uploadId}/${file}`,
});

/** Waits for the ledger entry of an image to be finished and published. */
export const finished = (imageId: string, timeoutMs = 30_000) =>
  eventually(async () => {
    const snap = await db().collection(INGESTS).doc(imageId).get();
    const e = snap.data() as LedgerEntry | undefined;
    return e && e.status !== 'received' && e.published ? e : undefined;
  }, timeoutMs);

export async function exists(logical: 'ingest' | 'anonymized' | 'quarantine', name: string) {
  const [there] = await bucketOf(logical).file(name).exists();
  return there;
}

/** Waits until an ingest object is gone (deleted right after the entry is published). */
export const removedFromIngest = (name: string) =>
  eventually(async () => ((await exists('ingest', name)) ? undefined : true), 15_000);

export async function download(logical: 'ingest' | 'anonymized' | 'quarantine', name: string) {
  const [bytes] = await bucketOf(logical).file(name).download();
  return bytes;
}

/** A pull subscription on `imaging.events` collecting every event (type, data) from now on. */
export async function tapEvents(): Promise<{
  events: { type: string; id: string; data: Record<string, unknown>; raw: string }[];
  close(): Promise<void>;
}> {
  const events: { type: string; id: string; data: Record<string, unknown>; raw: string }[] = [];
  const [sub] = (await pubsub()
    .topic('imaging.events')
    .createSubscription(`imaging-e2e-tap-${randomUUID()}`)) as unknown as [Subscription];
  sub.on('message', (m: Message) => {
    const raw = m.data.toString('utf8');
    events.push({
      type: m.attributes['ce-type'] as string,
      id: m.attributes['ce-id'] as string,
      data: JSON.parse(raw),
      raw,
    });
    m.ack();
  });
  return {
    events,
    async close() {
      await sub.close();
      await sub.delete();
    },
  };
}

/** Delivers a finalize CloudEvent for an object directly to the function, as Eventarc would redeliver it. */
export async function redeliver(u: Uploaded, eventId = randomUUID()): Promise<number> {
  const bucket = bucketName('ingest', suite().projectId);
  const res = await fetch(`${suite().apiUrl}/anonymize-upload`, {
    method: 'POST',
    headers: {
      'ce-specversion': '1.0',
      'ce-type': 'google.cloud.storage.object.v1.finalized',
      'ce-source': `//storage.googleapis.com/projects/_/buckets/${bucket}`,
      'ce-subject': `objects/${u.name}`,
      'ce-id': eventId,
      'ce-time': new Date().toISOString(),
      'content-type': 'application/json',
    },
    body: JSON.stringify(u.resource),
  });
  await res.arrayBuffer();
  return res.status;
}
