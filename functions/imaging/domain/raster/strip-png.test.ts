import { PassThrough } from 'node:stream';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  PNG_SIGNATURE,
  parsePng,
  pngChunk,
  pngImage,
  pngMetadataChunks,
  pngScanlines,
} from '../../fixtures/png-fixtures.ts';
import { chunked, collector, runThrough } from '../../fixtures/streams.ts';
import { RasterError } from './raster-error.ts';
import { stripPng } from './strip-png.ts';

const CANARY = 'CANARYQ^ZELDA^XIMENA';
const meta = pngMetadataChunks(CANARY);
const strip = (bytes: Buffer, chunkSize?: number) => runThrough(stripPng, bytes, chunkSize);

async function rejection(bytes: Buffer): Promise<{ reason: string; ended: boolean }> {
  const output = collector();
  try {
    await stripPng(chunked(bytes, 5), output);
  } catch (error) {
    expect(error).toBeInstanceOf(RasterError);
    return { reason: (error as RasterError).reason, ended: output.writableEnded };
  }
  throw new Error('expected a rejection');
}

/** Replaces byte `at` (counted from the end when negative) with its complement. */
const flip = (bytes: Buffer, at: number) => {
  const copy = Buffer.from(bytes);
  const i = at < 0 ? copy.length + at : at;
  copy[i] = (copy[i] ?? 0) ^ 0xff;
  return copy;
};

describe('stripPng', () => {
  const plain = pngImage({ width: 23, height: 17, idatSize: 97 });

  it('passes a PNG with only critical chunks through unchanged and reports its header', async () => {
    const { output, result, ended } = await strip(plain);
    expect(output.equals(plain)).toBe(true);
    expect(ended).toBe(true);
    expect(result).toEqual({ format: 'png', width: 23, height: 17, components: 3 });
  });

  it('removes tEXt, iTXt, zTXt, eXIf, tIME, iCCP and unknown ancillary chunks, keeping safe rendering chunks', async () => {
    const planted = pngImage({
      width: 23,
      height: 17,
      idatSize: 97,
      before: [meta.iCCP, meta.gAMA, meta.sRGB, meta.tEXt, meta.pHYs, meta.prVt],
      after: [meta.iTXt, meta.zTXt, meta.eXIf, meta.tIME],
    });
    const expected = pngImage({
      width: 23,
      height: 17,
      idatSize: 97,
      before: [meta.gAMA, meta.sRGB, meta.pHYs],
    });
    const { output } = await strip(planted, 13);
    expect(output.equals(expected)).toBe(true);
    expect(output.includes(CANARY)).toBe(false);
    expect(parsePng(output).map((c) => c.type)).toEqual([
      'IHDR',
      'gAMA',
      'sRGB',
      'pHYs',
      ...Array(parsePng(plain).length - 2).fill('IDAT'),
      'IEND',
    ]);
  });

  it('copies IDAT bytes identically across many chunks and input boundaries; the output decodes', async () => {
    const image = pngImage({ width: 50, height: 40, idatSize: 33, before: [meta.tEXt] });
    for (const chunkSize of [1, 7, 4096]) {
      const { output } = await strip(image, chunkSize);
      const chunks = parsePng(output);
      expect(chunks.every((c) => c.crcOk)).toBe(true);
      const idat = (png: Buffer) =>
        Buffer.concat(
          parsePng(png)
            .filter((c) => c.type === 'IDAT')
            .map((c) => c.data),
        );
      expect(idat(output).equals(idat(image))).toBe(true);
      expect(inflateSync(idat(output)).equals(pngScanlines(50, 40))).toBe(true);
    }
  });

  it('keeps PLTE and tRNS of a palette image and counts one component', async () => {
    const trns = pngChunk('tRNS', Buffer.from([0, 255]));
    const image = pngImage({ width: 8, height: 8, colorType: 3, after: [meta.tEXt] });
    const withTrns = Buffer.concat([image.subarray(0, 33 + 24), trns, image.subarray(33 + 24)]);
    const { output, result } = await strip(withTrns);
    expect(parsePng(output).map((c) => c.type)).toEqual(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND']);
    expect(result.components).toBe(1);
  });

  it('reports the channel count of each colour type', async () => {
    for (const [colorType, components] of [
      [0, 1],
      [4, 2],
      [6, 4],
    ] as const) {
      const { result } = await strip(pngImage({ width: 3, height: 2, colorType }));
      expect(result.components).toBe(components);
    }
  });

  it('streams: image data comes out before the input has ended', async () => {
    const image = pngImage({ width: 64, height: 64, idatSize: 200 });
    const input = new PassThrough();
    const output = collector();
    const done = stripPng(input, output);
    input.write(image.subarray(0, image.length - 40));
    await new Promise<void>((resolve) => {
      const poll = () => (output.bytes().length > 8 + 25 + 200 ? resolve() : setImmediate(poll));
      poll();
    });
    expect(output.writableEnded).toBe(false);
    input.end(image.subarray(image.length - 40));
    await done;
    expect(output.bytes().equals(image)).toBe(true);
  });

  it.each<[string, 0 | 2 | 6, Buffer]>([
    ['text in the tRNS of an RGB image (6 bytes allowed)', 2, pngChunk('tRNS', Buffer.from(CANARY))],
    ['any tRNS in an image with alpha', 6, pngChunk('tRNS', Buffer.from(CANARY.slice(0, 6)))],
    ['a tRNS of a grey image that is not 2 bytes', 0, pngChunk('tRNS', Buffer.from(CANARY))],
    ['an oversized gAMA', 2, pngChunk('gAMA', Buffer.from(`\0\0\0\x01${CANARY}`))],
    ['an sBIT sized for another colour type', 2, pngChunk('sBIT', Buffer.from([8, 8, 8, 8]))],
  ])('drops %s, and keeps the image', async (_, colorType, chunk) => {
    const planted = pngImage({ width: 4, height: 4, colorType, before: [chunk] });
    const { output, ended } = await strip(planted);
    expect(ended).toBe(true);
    expect(output.includes(Buffer.from(CANARY.slice(0, 6)))).toBe(false);
    expect(output.equals(pngImage({ width: 4, height: 4, colorType }))).toBe(true);
  });

  it('keeps a tRNS of an RGB image when it has exactly its 6 bytes', async () => {
    const trns = pngChunk('tRNS', Buffer.from([0, 1, 0, 2, 0, 3]));
    const { output } = await strip(pngImage({ width: 4, height: 4, colorType: 2, before: [trns] }));
    expect(parsePng(output).map((c) => c.type)).toContain('tRNS');
  });

  it('drops a palette tRNS longer than its palette (4 entries: 5 bytes carry more than alpha)', async () => {
    const image = pngImage({ width: 8, height: 8, colorType: 3 });
    const trns = pngChunk('tRNS', Buffer.from(CANARY.slice(0, 5)));
    const withTrns = Buffer.concat([image.subarray(0, 33 + 24), trns, image.subarray(33 + 24)]);
    const { output } = await strip(withTrns);
    expect(output.equals(image)).toBe(true);
  });

  it('drops data after IEND', async () => {
    const { output } = await strip(Buffer.concat([plain, Buffer.from(CANARY)]));
    expect(output.equals(plain)).toBe(true);
  });

  it.each([
    ['a bad signature', () => Buffer.from(flip(plain, 1)), 'malformed-png'],
    ['a JPEG', () => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0, 0, 0, 0]), 'malformed-png'],
    ['a bad CRC in IDAT', () => flip(plain, plain.length - 12 - 1), 'malformed-png'],
    [
      'a bad CRC in a dropped tEXt',
      () => pngImage({ width: 4, height: 4, before: [flip(meta.tEXt, -1)] }),
      'malformed-png',
    ],
    ['a corrupted IDAT byte', () => flip(plain, 8 + 25 + 8 + 3), 'malformed-png'],
    ['a cut inside IDAT', () => plain.subarray(0, 8 + 25 + 50), 'truncated'],
    ['a missing IEND', () => plain.subarray(0, plain.length - 12), 'truncated'],
    ['only a signature', () => PNG_SIGNATURE, 'truncated'],
    [
      'an unknown critical chunk',
      () => pngImage({ width: 4, height: 4, before: [pngChunk('ABCD', Buffer.from(CANARY))] }),
      'malformed-png',
    ],
    ['IHDR not first', () => Buffer.concat([PNG_SIGNATURE, meta.gAMA, plain.subarray(8)]), 'malformed-png'],
    [
      'a bad chunk type',
      () => pngImage({ width: 4, height: 4, before: [pngChunk('a\0b1', Buffer.alloc(0))] }),
      'malformed-png',
    ],
    [
      'a palette image without PLTE',
      () => {
        const image = pngImage({ width: 4, height: 4, colorType: 3 });
        return Buffer.concat([image.subarray(0, 33), image.subarray(33 + 24)]);
      },
      'malformed-png',
    ],
    [
      'IDAT chunks split by another chunk',
      () => {
        const image = pngImage({ width: 20, height: 20, idatSize: 40 });
        return Buffer.concat([image.subarray(0, 33 + 52), meta.gAMA, image.subarray(33 + 52)]);
      },
      'malformed-png',
    ],
    [
      'an invalid bit depth',
      () => {
        const ihdr = Buffer.alloc(13);
        ihdr.writeUInt32BE(4, 0);
        ihdr.writeUInt32BE(4, 4);
        ihdr.set([3, 2, 0, 0, 0], 8);
        return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), plain.subarray(33)]);
      },
      'malformed-png',
    ],
  ])('rejects %s and leaves the output un-ended', async (_, bytes, reason) => {
    expect(await rejection(bytes())).toEqual({ reason, ended: false });
  });
});
