import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CRC32C } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, type Fixture, recordingProxy, removeDir, startFixture } from './test-helpers.ts';

let fx: Fixture;
const bucketName = 'objects-spec';

beforeAll(async () => {
  fx = await startFixture();
  await fx.storage.createBucket(bucketName);
});
afterAll(async () => {
  await fx.stop();
  removeDir(fx.dataDir);
});

const bucket = () => fx.storage.bucket(bucketName);
const bytes = (n: number, seed = 7) =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * seed + 13) % 251));
const crc32c = (b: Buffer) => {
  const c = new CRC32C();
  c.update(b);
  return c.toString();
};
const md5 = (b: Buffer) => createHash('md5').update(b).digest('base64');

describe('buckets', () => {
  it('creates, gets and lists buckets', async () => {
    await fx.storage.createBucket('other-bucket');
    const [meta] = await fx.storage.bucket('other-bucket').getMetadata();
    expect(meta.name).toBe('other-bucket');
    const [buckets] = await fx.storage.getBuckets();
    expect(buckets.map((b) => b.name)).toEqual(expect.arrayContaining([bucketName, 'other-bucket']));
  });

  it('answers 409 when creating a bucket that exists', async () => {
    await expect(fx.storage.createBucket(bucketName)).rejects.toMatchObject({ code: 409 });
  });

  it('refuses to delete a non-empty bucket and deletes an empty one', async () => {
    await fx.storage.createBucket('to-delete');
    await fx.storage.bucket('to-delete').file('x').save('x');
    await expect(fx.storage.bucket('to-delete').delete()).rejects.toMatchObject({ code: 409 });
    await fx.storage.bucket('to-delete').file('x').delete();
    await fx.storage.bucket('to-delete').delete();
    const [exists] = await fx.storage.bucket('to-delete').exists();
    expect(exists).toBe(false);
  });
});

describe('uploads and downloads', () => {
  it('stores a resumable save() with crc32c and md5Hash of the content', async () => {
    const data = bytes(100_000);
    await bucket().file('resumable.bin').save(data, { contentType: 'application/dicom' });
    const [meta] = await bucket().file('resumable.bin').getMetadata();
    expect(meta).toMatchObject({ size: '100000', contentType: 'application/dicom', metageneration: '1' });
    expect(meta.md5Hash).toBe(md5(data));
    expect(meta.crc32c).toBe(crc32c(data));
  });

  it('stores a multipart save() with custom metadata', async () => {
    await bucket()
      .file('multi.txt')
      .save('multipart body', { resumable: false, metadata: { metadata: { a: '1' } } });
    const [meta] = await bucket().file('multi.txt').getMetadata();
    expect(meta.metadata).toEqual({ a: '1' });
    const [data] = await bucket().file('multi.txt').download();
    expect(data.toString()).toBe('multipart body');
  });

  it('assembles a createWriteStream upload sent as several chunked PUTs', async () => {
    const proxy = await recordingProxy(fx.emulator.url);
    const viaProxy = clientFor(proxy.url, fx.dataDir).bucket(bucketName);
    const data = bytes(3 * 256 * 1024 + 1000, 11);
    await pipeline(
      Readable.from([data]),
      viaProxy.file('chunked.bin').createWriteStream({ chunkSize: 256 * 1024 }),
    );
    proxy.server.close();
    const puts = proxy.seen.filter((s) => s.startsWith('PUT'));
    expect(puts.length).toBe(4);
    expect(puts[0]).toMatch(/bytes 0-262143\/\*$/);
    expect(puts[3]).toMatch(new RegExp(`bytes 786432-${data.length - 1}/${data.length}$`));
    const [back] = await bucket().file('chunked.bin').download();
    expect(back.equals(data)).toBe(true);
  });

  it('downloads a byte range with start/end', async () => {
    await bucket().file('range.txt').save('0123456789');
    const [part] = await bucket().file('range.txt').download({ start: 2, end: 5 });
    expect(part.toString()).toBe('2345');
  });

  it('sends x-goog-hash and x-goog-generation on media downloads and 206 for a Range', async () => {
    const [meta] = await bucket().file('range.txt').getMetadata();
    const res = await fetch(`${fx.emulator.url}/b/${bucketName}/o/range.txt?alt=media`, {
      headers: { range: 'bytes=-3' },
    });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 7-9/10');
    expect(res.headers.get('x-goog-hash')).toBe(`crc32c=${meta.crc32c},md5=${meta.md5Hash}`);
    expect(res.headers.get('x-goog-generation')).toBe(String(meta.generation));
    expect(await res.text()).toBe('789');
  });
});

describe('metadata', () => {
  it('patches metadata and bumps the metageneration', async () => {
    const file = bucket().file('meta.txt');
    await file.save('m', { metadata: { metadata: { keep: 'yes', drop: 'yes' } } });
    const [before] = await file.getMetadata();
    const [after] = await file.setMetadata({
      contentType: 'text/plain',
      metadata: { drop: null, added: 'x' },
    });
    expect(after.metageneration).toBe('2');
    expect(after.generation).toBe(before.generation);
    expect(after.contentType).toBe('text/plain');
    expect(after.metadata).toEqual({ keep: 'yes', added: 'x' });
  });
});

describe('listing', () => {
  beforeAll(async () => {
    for (const n of ['list/a.dcm', 'list/b.dcm', 'list/sub/c.dcm', 'list/sub/d.dcm', 'list/z/e.dcm']) {
      await bucket().file(n).save(n, { resumable: false });
    }
  });

  it('groups names under prefixes with a delimiter', async () => {
    const [files, , resp] = await bucket().getFiles({ prefix: 'list/', delimiter: '/', autoPaginate: false });
    expect(files.map((f) => f.name)).toEqual(['list/a.dcm', 'list/b.dcm']);
    expect((resp as { prefixes: string[] }).prefixes).toEqual(['list/sub/', 'list/z/']);
  });

  it('pages with maxResults and pageToken', async () => {
    const seen: string[] = [];
    let query: object | null = { prefix: 'list/', maxResults: 2, autoPaginate: false };
    let pages = 0;
    while (query) {
      const [files, next]: [unknown[], object | null] = (await bucket().getFiles(query)) as never;
      seen.push(...(files as Array<{ name: string }>).map((f) => f.name));
      query = next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['list/a.dcm', 'list/b.dcm', 'list/sub/c.dcm', 'list/sub/d.dcm', 'list/z/e.dcm']);
  });
});

describe('delete, copy, move, compose', () => {
  it('deletes an object, after which it is not found (404)', async () => {
    await bucket().file('gone.txt').save('x');
    await bucket().file('gone.txt').delete();
    await expect(bucket().file('gone.txt').download()).rejects.toMatchObject({ code: 404 });
    await expect(bucket().file('gone.txt').getMetadata()).rejects.toMatchObject({ code: 404 });
  });

  it('copies (rewriteTo) across buckets keeping content and metadata', async () => {
    await bucket()
      .file('src.txt')
      .save('copy me', { metadata: { contentType: 'text/x-src' } });
    await bucket().file('src.txt').copy(fx.storage.bucket('other-bucket').file('dst.txt'));
    const [meta] = await fx.storage.bucket('other-bucket').file('dst.txt').getMetadata();
    expect(meta.contentType).toBe('text/x-src');
    const [data] = await fx.storage.bucket('other-bucket').file('dst.txt').download();
    expect(data.toString()).toBe('copy me');
  });

  it('moves an object (copy then delete of the source)', async () => {
    await bucket().file('move-src.txt').save('move me');
    await bucket().file('move-src.txt').move('moved.txt');
    expect((await bucket().file('move-src.txt').exists())[0]).toBe(false);
    expect((await bucket().file('moved.txt').download())[0].toString()).toBe('move me');
  });

  it('moves atomically with moveFileAtomic (moveTo)', async () => {
    await bucket().file('atomic-src.txt').save('atomic');
    await bucket().file('atomic-src.txt').moveFileAtomic('atomic-dst.txt');
    expect((await bucket().file('atomic-src.txt').exists())[0]).toBe(false);
    expect((await bucket().file('atomic-dst.txt').download())[0].toString()).toBe('atomic');
  });

  it('composes objects into one with a crc32c and a componentCount', async () => {
    await bucket().file('p1').save('abc');
    await bucket().file('p2').save('def');
    await bucket().combine(['p1', 'p2'], 'combined');
    const [meta] = await bucket().file('combined').getMetadata();
    expect(meta.componentCount).toBe(2);
    expect(meta.crc32c).toBe(crc32c(Buffer.from('abcdef')));
    expect((await bucket().file('combined').download())[0].toString()).toBe('abcdef');
  });
});

describe('preconditions', () => {
  it('answers 412 when ifGenerationMatch does not match', async () => {
    await bucket().file('pre.txt').save('v1');
    const err = await bucket()
      .file('pre.txt')
      .save('v2', { resumable: false, preconditionOpts: { ifGenerationMatch: 1 } })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 412 });
  });

  it('creates only when absent with ifGenerationMatch=0', async () => {
    await expect(
      bucket()
        .file('pre.txt')
        .save('again', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } }),
    ).rejects.toMatchObject({ code: 412 });
    await bucket()
      .file('fresh.txt')
      .save('new', { preconditionOpts: { ifGenerationMatch: 0 } });
    expect((await bucket().file('fresh.txt').download())[0].toString()).toBe('new');
  });

  it('overwrites when ifGenerationMatch matches and gives a new generation', async () => {
    const [meta] = await bucket().file('pre.txt').getMetadata();
    await bucket()
      .file('pre.txt')
      .save('v3', { preconditionOpts: { ifGenerationMatch: Number(meta.generation) } });
    const [next] = await bucket().file('pre.txt').getMetadata();
    expect(BigInt(next.generation as string)).toBeGreaterThan(BigInt(meta.generation as string));
  });

  it('answers 412 when ifMetagenerationMatch does not match on a patch', async () => {
    await expect(
      bucket()
        .file('pre.txt')
        .setMetadata({ metadata: { x: '1' } }, { ifMetagenerationMatch: 5 }),
    ).rejects.toMatchObject({ code: 412 });
  });

  it('answers 412 with the JSON API error body shape', async () => {
    const res = await fetch(`${fx.emulator.url}/b/${bucketName}/o/pre.txt?ifGenerationNotMatch=0`, {
      method: 'DELETE',
    });
    // the object exists, so generation != 0 and the delete goes ahead
    expect(res.status).toBe(204);
    const res2 = await fetch(`${fx.emulator.url}/b/${bucketName}/o/fresh.txt?ifGenerationMatch=42`, {
      method: 'DELETE',
    });
    expect(res2.status).toBe(412);
    const body = (await res2.json()) as { error: unknown };
    expect(body.error).toMatchObject({
      code: 412,
      errors: [{ reason: 'conditionNotMet', domain: 'global' }],
    });
  });
});

describe('persistence', () => {
  it('keeps buckets and objects after a restart on the same data dir', async () => {
    const data = bytes(5000, 3);
    await bucket().file('persist.bin').save(data);
    await fx.emulator.close();
    fx = await startFixture({}, fx.dataDir);
    const [back] = await fx.storage.bucket(bucketName).file('persist.bin').download();
    expect(back.equals(data)).toBe(true);
    const [meta] = await fx.storage.bucket(bucketName).file('persist.bin').getMetadata();
    expect(meta.md5Hash).toBe(md5(data));
  });
});
