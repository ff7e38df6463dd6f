import { describe, expect, it } from 'vitest';
import { fixtureWithBucket } from './test-helpers.ts';

const B = 'bad-input';
const upload = (query: string) => `${fx().emulator.url}/upload/storage/v1/b/${B}/o?${query}`;

async function expectJsonError(res: Response, status: number): Promise<void> {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: number; message: string; errors: unknown[] } };
  expect(body.error.code).toBe(status);
  expect(body.error.message).toBeTruthy();
  expect(body.error.errors.length).toBeGreaterThan(0);
}

async function startSession(name: string): Promise<string> {
  const res = await fetch(upload(`uploadType=resumable&name=${name}`), { method: 'POST' });
  expect(res.status).toBe(200);
  return res.headers.get('location') as string;
}

const fx = fixtureWithBucket(B);

describe('bad input answers like the API and never crashes the server', () => {
  it('answers 400 to a multipart body without its closing boundary', async () => {
    const body = '--xyz\r\nContent-Type: application/json\r\n\r\n{"name":"m"}\r\n--xyz\r\n\r\nno end';
    const res = await fetch(upload('uploadType=multipart'), {
      method: 'POST',
      body,
      headers: { 'content-type': 'multipart/related; boundary=xyz' },
    });
    await expectJsonError(res, 400);
  });

  it('answers 400 to a multipart upload without a boundary', async () => {
    const res = await fetch(upload('uploadType=multipart'), {
      method: 'POST',
      body: 'x',
      headers: { 'content-type': 'multipart/related' },
    });
    await expectJsonError(res, 400);
  });

  it('answers 400 to bad JSON metadata', async () => {
    const res = await fetch(`${fx().emulator.url}/b?project=p`, { method: 'POST', body: '{not json' });
    await expectJsonError(res, 400);
  });

  it('answers 404 to an unknown upload id', async () => {
    const res = await fetch(upload('uploadType=resumable&upload_id=doesNotExist123'), {
      method: 'PUT',
      body: 'x',
    });
    await expectJsonError(res, 404);
  });

  it('answers 400 to a malformed Content-Range', async () => {
    const session = await startSession('cr1');
    const res = await fetch(session, {
      method: 'PUT',
      body: 'abc',
      headers: { 'content-range': 'bytes 5-2/10' },
    });
    await expectJsonError(res, 400);
  });

  it('answers 400 to a chunk that starts past the received bytes', async () => {
    const session = await startSession('cr2');
    const res = await fetch(session, {
      method: 'PUT',
      body: 'abc',
      headers: { 'content-range': 'bytes 10-12/*' },
    });
    await expectJsonError(res, 400);
  });

  it('answers 400 when the body length differs from the Content-Range, keeping earlier bytes', async () => {
    const session = await startSession('cr3');
    const ok = await fetch(session, {
      method: 'PUT',
      body: 'abcd',
      headers: { 'content-range': 'bytes 0-3/*' },
    });
    expect(ok.status).toBe(308);
    expect(ok.headers.get('range')).toBe('bytes=0-3');
    const bad = await fetch(session, {
      method: 'PUT',
      body: 'ef',
      headers: { 'content-range': 'bytes 4-9/*' },
    });
    await expectJsonError(bad, 400);
    const status = await fetch(session, { method: 'PUT', headers: { 'content-range': 'bytes */*' } });
    expect(status.status).toBe(308);
    expect(status.headers.get('range')).toBe('bytes=0-3');
  });

  it('resumes after a resent overlapping chunk and finalizes with bytes */total', async () => {
    const session = await startSession('cr4');
    await fetch(session, { method: 'PUT', body: 'abcd', headers: { 'content-range': 'bytes 0-3/*' } });
    const overlap = await fetch(session, {
      method: 'PUT',
      body: 'cdef',
      headers: { 'content-range': 'bytes 2-5/*' },
    });
    expect(overlap.headers.get('range')).toBe('bytes=0-5');
    const done = await fetch(session, { method: 'PUT', headers: { 'content-range': 'bytes */6' } });
    expect(done.status).toBe(200);
    expect(((await done.json()) as { size: string }).size).toBe('6');
    expect((await fx().storage.bucket(B).file('cr4').download())[0].toString()).toBe('abcdef');
    const again = await fetch(session, { method: 'PUT', headers: { 'content-range': 'bytes */6' } });
    expect(again.status).toBe(200);
  });

  it('answers 499 to cancelling a session and 410 afterwards', async () => {
    const session = await startSession('cr5');
    expect((await fetch(session, { method: 'DELETE' })).status).toBe(499);
    const res = await fetch(session, {
      method: 'PUT',
      body: 'x',
      headers: { 'content-range': 'bytes 0-0/1' },
    });
    await expectJsonError(res, 410);
  });

  it('answers 416 to a range beyond the object', async () => {
    await fx().storage.bucket(B).file('small').save('abc');
    const res = await fetch(`${fx().emulator.url}/b/${B}/o/small?alt=media`, {
      headers: { range: 'bytes=10-20' },
    });
    await expectJsonError(res, 416);
  });

  it('answers 404 with the JSON error shape for a missing object and bucket', async () => {
    await expectJsonError(await fetch(`${fx().emulator.url}/b/${B}/o/nope`), 404);
    await expectJsonError(await fetch(`${fx().emulator.url}/b/no-such-bucket/o`), 404);
  });

  it('answers 400 to an invalid precondition value', async () => {
    await expectJsonError(await fetch(`${fx().emulator.url}/b/${B}/o/small?ifGenerationMatch=abc`), 400);
  });

  it('still serves requests after all of the above', async () => {
    const res = await fetch(`${fx().emulator.url}/_health`);
    expect(await res.text()).toBe('ok');
  });
});

describe('path prefixes', () => {
  it('accepts JSON API paths with and without /storage/v1', async () => {
    const a = await fetch(`${fx().emulator.url}/storage/v1/b/${B}/o/small`);
    const b = await fetch(`${fx().emulator.url}/b/${B}/o/small`);
    expect(a.status).toBe(200);
    expect(await a.json()).toEqual(await b.json());
    const media = await fetch(`${fx().emulator.url}/download/storage/v1/b/${B}/o/small?alt=media`);
    expect(await media.text()).toBe('abc');
  });
});
