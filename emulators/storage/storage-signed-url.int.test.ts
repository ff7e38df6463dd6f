import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSigningCredentials, signingCredentials } from './signing-credentials.ts';
import { type Fixture, removeDir, startFixture } from './test-helpers.ts';

let fx: Fixture;
const bucketName = 'signed-spec';
const file = (name: string) => fx.storage.bucket(bucketName).file(name);
const inOneMinute = () => Date.now() + 60_000;

beforeAll(async () => {
  fx = await startFixture();
  await fx.storage.createBucket(bucketName);
  await file('scan.dcm').save('DICM-bytes');
});
afterAll(async () => {
  await fx.stop();
  removeDir(fx.dataDir);
});

describe('V4 signed URLs', () => {
  it('serves a GET on a read URL signed by the official client', async () => {
    const [url] = await file('scan.dcm').getSignedUrl({
      version: 'v4',
      action: 'read',
      expires: inOneMinute(),
    });
    expect(url.startsWith(`${fx.emulator.url}/${bucketName}/scan.dcm?`)).toBe(true);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-goog-generation')).toMatch(/^\d+$/);
    expect(await res.text()).toBe('DICM-bytes');
  });

  it('stores the body of a PUT on a write URL with the signed content type', async () => {
    const [url] = await file('upload.dcm').getSignedUrl({
      version: 'v4',
      action: 'write',
      expires: inOneMinute(),
      contentType: 'application/dicom',
    });
    const res = await fetch(url, {
      method: 'PUT',
      body: 'uploaded',
      headers: { 'content-type': 'application/dicom' },
    });
    expect(res.status).toBe(200);
    const [meta] = await file('upload.dcm').getMetadata();
    expect(meta.contentType).toBe('application/dicom');
    expect((await file('upload.dcm').download())[0].toString()).toBe('uploaded');
  });

  it('starts a resumable upload with x-goog-resumable: start and completes it on the session URI', async () => {
    const [url] = await file('resumable.dcm').getSignedUrl({
      version: 'v4',
      action: 'resumable',
      expires: inOneMinute(),
    });
    const start = await fetch(url, { method: 'POST', headers: { 'x-goog-resumable': 'start' } });
    expect(start.status).toBe(201);
    const session = start.headers.get('location');
    expect(session).toContain('upload_id=');
    const put = await fetch(session as string, { method: 'PUT', body: 'resumed body' });
    expect(put.status).toBe(200);
    expect((await file('resumable.dcm').download())[0].toString()).toBe('resumed body');
  });

  it('rejects an expired URL with 400 ExpiredToken', async () => {
    const [url] = await file('scan.dcm').getSignedUrl({
      version: 'v4',
      action: 'read',
      expires: Date.now() + 1000,
    });
    await sleep(2100);
    const res = await fetch(url);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>ExpiredToken</Code>');
  });

  it('rejects a tampered signature, path or expiry with 403 SignatureDoesNotMatch', async () => {
    const [url] = await file('scan.dcm').getSignedUrl({
      version: 'v4',
      action: 'read',
      expires: inOneMinute(),
    });
    const sig = new URL(url).searchParams.get('X-Goog-Signature') as string;
    const flipped = `${sig[0] === 'a' ? 'b' : 'a'}${sig.slice(1)}`;
    const tampered = [
      url.replace(`X-Goog-Signature=${sig}`, `X-Goog-Signature=${flipped}`),
      url.replace('/scan.dcm?', '/upload.dcm?'),
      url.replace('X-Goog-Expires=60', 'X-Goog-Expires=61'),
    ];
    for (const t of tampered) {
      const res = await fetch(t);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    }
  });

  it('rejects a read URL used for a PUT (the method is signed)', async () => {
    const [url] = await file('scan.dcm').getSignedUrl({
      version: 'v4',
      action: 'read',
      expires: inOneMinute(),
    });
    const res = await fetch(url, { method: 'PUT', body: 'overwrite' });
    expect(res.status).toBe(403);
    expect((await file('scan.dcm').download())[0].toString()).toBe('DICM-bytes');
  });

  it('hands out the same credentials from the data dir and over HTTP', async () => {
    const fromHttp = await fetchSigningCredentials(fx.emulator.url);
    expect(fromHttp).toEqual(signingCredentials(fx.dataDir));
  });
});
