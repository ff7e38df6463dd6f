import { generateKeyPairSync } from 'node:crypto';
import { Storage } from '@google-cloud/storage';
import { describe, expect, it } from 'vitest';
import { canonicalQuery, canonicalRequest, parseGoogDate, strictEncode, verifyV4 } from './signed-url.ts';
import { normalizePath } from './storage-server.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const credentials = {
  client_email: 'test@example.iam.gserviceaccount.com',
  private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};
const storage = new Storage({ apiEndpoint: 'http://127.0.0.1:9199', projectId: 'p', credentials });

async function sign(name: string, action: 'read' | 'write', extra: object = {}) {
  const [url] = await storage
    .bucket('bkt')
    .file(name)
    .getSignedUrl({ version: 'v4', action, expires: Date.now() + 60_000, ...extra });
  return new URL(url);
}

function verify(url: URL, method: string, headers: Record<string, string> = {}, now = Date.now()) {
  const h: Record<string, string> = { host: url.host, ...headers };
  return verifyV4({
    method,
    rawPath: url.pathname,
    query: url.searchParams,
    header: (n) => h[n],
    now,
    publicKeyFor: (email) => (email === credentials.client_email ? publicKey : undefined),
  });
}

describe('verifyV4 against URLs from the official signer', () => {
  it('accepts a read URL, including names needing percent-encoding', async () => {
    expect(verify(await sign('a dir/ü (1)*.dcm', 'read'), 'GET')).toEqual({
      ok: true,
      email: credentials.client_email,
    });
  });
  it('accepts a write URL only with the signed content-type', async () => {
    const url = await sign('x', 'write', { contentType: 'application/dicom' });
    expect(verify(url, 'PUT', { 'content-type': 'application/dicom' }).ok).toBe(true);
    expect(verify(url, 'PUT', { 'content-type': 'text/plain' })).toMatchObject({ ok: false, status: 403 });
  });
  it('rejects another method, an expired URL and an unknown signer', async () => {
    const url = await sign('x', 'read');
    expect(verify(url, 'DELETE')).toMatchObject({ ok: false, status: 403, code: 'SignatureDoesNotMatch' });
    expect(verify(url, 'GET', {}, Date.now() + 120_000)).toMatchObject({
      ok: false,
      status: 400,
      code: 'ExpiredToken',
    });
    url.searchParams.set(
      'X-Goog-Credential',
      url.searchParams.get('X-Goog-Credential')?.replace('test@', 'evil@') ?? '',
    );
    expect(verify(url, 'GET')).toMatchObject({ ok: false, status: 403 });
  });
  it('rejects expiries above seven days and missing parameters with 400', async () => {
    const url = await sign('x', 'read');
    url.searchParams.set('X-Goog-Expires', '604801');
    expect(verify(url, 'GET')).toMatchObject({ ok: false, status: 400 });
    url.searchParams.delete('X-Goog-Signature');
    expect(verify(url, 'GET')).toMatchObject({ ok: false, status: 400 });
  });
});

describe('canonical request parts', () => {
  it("encodes like the client (RFC 3986 plus !'()*)", () => {
    expect(strictEncode("a b!'()*~/")).toBe('a%20b%21%27%28%29%2A~%2F');
  });
  it('sorts the query by name and leaves out X-Goog-Signature', () => {
    const q = new URLSearchParams('b=2&X-Goog-Signature=ff&a=1%2F');
    expect(canonicalQuery(q)).toBe('a=1%2F&b=2');
  });
  it('joins method, path, query, headers, signed headers and payload with newlines', () => {
    expect(
      canonicalRequest({
        method: 'GET',
        path: '/b/o',
        query: 'a=1',
        headers: 'host:h\n',
        signedHeaders: 'host',
        payload: 'UNSIGNED-PAYLOAD',
      }),
    ).toBe('GET\n/b/o\na=1\nhost:h\n\nhost\nUNSIGNED-PAYLOAD');
  });
  it('parses X-Goog-Date', () => {
    expect(parseGoogDate('20240102T030405Z')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(parseGoogDate('2024-01-02')).toBeNaN();
  });
});

describe('normalizePath', () => {
  it('strips /storage/v1 from JSON, upload and download paths', () => {
    expect(normalizePath('/storage/v1/b/x/o')).toBe('/b/x/o');
    expect(normalizePath('/upload/storage/v1/b/x/o')).toBe('/upload/b/x/o');
    expect(normalizePath('/download/storage/v1/b/x/o/y')).toBe('/download/b/x/o/y');
    expect(normalizePath('/resumable/upload/storage/v1/b/x/o')).toBe('/upload/b/x/o');
    expect(normalizePath('/b/x')).toBe('/b/x');
  });
});
