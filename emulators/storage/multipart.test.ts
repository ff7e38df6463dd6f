import { describe, expect, it } from 'vitest';
import { boundaryOf, readMultipart } from './multipart.ts';

async function* chunks(text: string, size: number) {
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function collect(it: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts).toString();
}

const body = (media: string) =>
  `--zz\r\nContent-Type: application/json\r\n\r\n{"name":"x.dcm"}\r\n--zz\r\nContent-Type: application/dicom\r\n\r\n${media}\r\n--zz--\r\n`;

describe('readMultipart', () => {
  it('reads the metadata part and streams the media part, whatever the chunking', async () => {
    for (const size of [1, 3, 7, 1000]) {
      const mp = await readMultipart(chunks(body('media\r\n--z not a boundary'), size), 'zz');
      expect(mp.metadata).toEqual({ name: 'x.dcm' });
      expect(mp.mediaContentType).toBe('application/dicom');
      expect(await collect(mp.media)).toBe('media\r\n--z not a boundary');
      await mp.finish();
    }
  });
  it('rejects a body whose closing boundary is missing', async () => {
    const mp = await readMultipart(chunks(body('abc').replace('\r\n--zz--\r\n', ''), 5), 'zz');
    await expect(collect(mp.media)).rejects.toMatchObject({ code: 400 });
  });
  it('rejects invalid JSON metadata', async () => {
    await expect(readMultipart(chunks(body('a').replace('{"name"', '{name'), 4), 'zz')).rejects.toMatchObject(
      {
        code: 400,
      },
    );
  });
});

describe('boundaryOf', () => {
  it('reads quoted and bare boundaries and rejects a missing one', () => {
    expect(boundaryOf('multipart/related; boundary="a b"')).toBe('a b');
    expect(boundaryOf('multipart/related; boundary=abc')).toBe('abc');
    expect(() => boundaryOf('application/json')).toThrow();
  });
});

describe('readMultipart with gcloud-style bodies', () => {
  it("accepts bare LF line endings and a single-quoted boundary (Python's email package)", async () => {
    const boundary = boundaryOf("multipart/related; boundary='===1=='");
    const text = `--===1==\nContent-Type: application/json\nMIME-Version: 1.0\n\n{"name":"f.txt"}\n--===1==\nContent-Type: text/plain\n\nhello\n\n--===1==--\n`;
    const mp = await readMultipart(chunks(text, 5), boundary);
    expect(mp.metadata).toEqual({ name: 'f.txt' });
    expect(mp.mediaContentType).toBe('text/plain');
    expect(await collect(mp.media)).toBe('hello\n');
    await mp.finish();
  });
});
