/**
 * A resumable session opened on a server for a browser (the console's `POST /uploads`): the official
 * client's `createResumableUpload({ origin })` names the browser's origin, and only that origin may then use
 * the session URI across origins, as in Cloud Storage.
 */
import { describe, expect, it } from 'vitest';
import { fixtureWithBucket } from './test-helpers.ts';

const bucketName = 'session-cors';
const CONSOLE = 'http://127.0.0.1:5002';

const fx = fixtureWithBucket(bucketName);

const open = async (name: string, origin?: string) =>
  (
    await fx()
      .storage.bucket(bucketName)
      .file(name)
      .createResumableUpload({ ...(origin ? { origin } : {}), metadata: { contentType: 'image/png' } })
  )[0];

const preflight = (uri: string, origin: string) =>
  fetch(uri, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'PUT',
      'Access-Control-Request-Headers': 'content-type',
    },
  });

describe('resumable sessions and CORS', () => {
  it('answers the preflight and the PUT of the origin the session was opened for', async () => {
    const uri = await open('from-console.png', CONSOLE);
    const pre = await preflight(uri, CONSOLE);
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(pre.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type');

    const put = await fetch(uri, {
      method: 'PUT',
      headers: { Origin: CONSOLE, 'Content-Type': 'image/png' },
      body: Buffer.from('png bytes'),
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    const [meta] = await fx().storage.bucket(bucketName).file('from-console.png').getMetadata();
    expect(Number(meta.size)).toBe(9);
  });

  it('gives another origin, or a session opened with none, no CORS grant', async () => {
    const uri = await open('elsewhere.png', CONSOLE);
    const other = await preflight(uri, 'http://127.0.0.1:9999');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    const bare = await open('server-only.png');
    const none = await preflight(bare, CONSOLE);
    expect(none.status).toBe(403);
    // The server itself (no Origin) still uploads through it.
    const put = await fetch(bare, { method: 'PUT', body: Buffer.from('x') });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBeNull();
  });
});
