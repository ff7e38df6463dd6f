import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dcmtk } from '../../fixtures/dcmtk.ts';
import { el, standardElements, toFile } from '../../fixtures/dicom-fixtures.ts';
import {
  baselineJpeg,
  headerSegments,
  jfifApp0,
  jpegMetadataSegments,
  segment,
  withSegments,
} from '../../fixtures/jpeg-fixtures.ts';
import { chunked, collector, runThrough } from '../../fixtures/streams.ts';
import { RasterError } from './raster-error.ts';
import { stripJpeg } from './strip-jpeg.ts';

const CANARY = 'CANARYQ^ZELDA^XIMENA';
const meta = jpegMetadataSegments(CANARY);
const dir = mkdtempSync(join(tmpdir(), 'strip-jpeg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const strip = (bytes: Buffer, chunkSize?: number) => runThrough(stripJpeg, bytes, chunkSize);

/** Decodes a JPEG with dcmtk (img2dcm wraps it, dcmj2pnm decodes it) and returns the PNM bytes. */
function decode(jpeg: Buffer, name: string): Buffer {
  const [jpg, dcm, pnm] = ['jpg', 'dcm', 'pnm'].map((ext) => join(dir, `${name}.${ext}`)) as [
    string,
    string,
    string,
  ];
  writeFileSync(jpg, jpeg);
  expect(dcmtk('img2dcm', [jpg, dcm]).status).toBe(0);
  expect(dcmtk('dcmj2pnm', [dcm, pnm]).status).toBe(0);
  return readFileSync(pnm);
}

/** A progressive (multi-scan) JPEG made by dcmtk's libijg from an 8-bit native DICOM image. */
function progressiveJpeg(): Buffer {
  const [rows, columns] = [48, 64];
  const pixels = Buffer.alloc(rows * columns);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + (i >> 6) * 11) & 0xff;
  const native = toFile(
    [
      ...standardElements({
        rows,
        columns,
        extra: [el(0x00280100, 'US', [8]), el(0x00280101, 'US', [8]), el(0x00280102, 'US', [7])],
      }),
      el(0x7fe00010, 'OB', pixels),
    ],
    'explicit-le',
  );
  const [input, output] = [join(dir, 'native.dcm'), join(dir, 'progressive.dcm')];
  writeFileSync(input, native);
  expect(dcmtk('dcmcjpeg', ['+ep', input, output]).status).toBe(0);
  const file = readFileSync(output);
  const start = file.indexOf(
    Buffer.from([0xff, 0xd8, 0xff]),
    file.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00])),
  );
  const end = file.lastIndexOf(Buffer.from([0xff, 0xd9])) + 2;
  return file.subarray(start, end);
}

async function rejection(bytes: Buffer): Promise<{ reason: string; ended: boolean }> {
  const output = collector();
  try {
    await stripJpeg(chunked(bytes, 7), output);
  } catch (error) {
    expect(error).toBeInstanceOf(RasterError);
    return { reason: (error as RasterError).reason, ended: output.writableEnded };
  }
  throw new Error('expected a rejection');
}

describe('stripJpeg', () => {
  const plain = baselineJpeg({ width: 40, height: 24, components: 3 });

  it('passes a metadata-free JPEG through unchanged and reports its frame', async () => {
    const { result, output, ended } = await strip(plain);
    expect(output.equals(plain)).toBe(true);
    expect(ended).toBe(true);
    expect(result).toEqual({ format: 'jpeg', width: 40, height: 24, components: 3 });
  });

  it('removes COM, EXIF, XMP, IPTC, ICC, APP3–APP15 and JFXX segments, leaving the image bytes identical', async () => {
    const planted = withSegments(
      plain,
      meta.exif,
      meta.xmp,
      meta.icc,
      meta.iptc,
      meta.app3,
      meta.app15,
      meta.jfxx,
      meta.com,
    );
    expect(planted.includes(CANARY)).toBe(true);
    const { output } = await strip(planted);
    expect(output.includes(CANARY)).toBe(false);
    expect(output.equals(plain)).toBe(true);
  });

  it('rewrites a JFIF APP0 without its thumbnail and keeps Adobe APP14 as twelve bytes of flags', async () => {
    const adobeWithTail = segment(0xee, Buffer.concat([meta.adobe.subarray(4), Buffer.from(CANARY)]));
    const planted = Buffer.concat([
      plain.subarray(0, 2),
      meta.jfifThumbnail,
      adobeWithTail,
      plain.subarray(20),
    ]);
    const { output } = await strip(planted);
    expect(output.includes(CANARY)).toBe(false);
    const [jfif, adobe] = headerSegments(output);
    expect(jfif?.payload.equals(jfifApp0().subarray(4))).toBe(true);
    expect(adobe?.marker).toBe(0xee);
    expect(adobe?.payload.equals(meta.adobe.subarray(4))).toBe(true);
  });

  it('keeps restart markers and stuffed bytes, whatever the input chunking', async () => {
    const restarts = baselineJpeg({ width: 64, height: 32, components: 3, restartInterval: 1 });
    expect(restarts.includes(Buffer.from([0xff, 0x00]))).toBe(true);
    expect(restarts.includes(Buffer.from([0xff, 0xd7]))).toBe(true);
    for (const chunkSize of [1, 2, 3, 5, 64, 100_000]) {
      const { output } = await strip(withSegments(restarts, meta.com, meta.exif), chunkSize);
      expect({ chunkSize, same: output.equals(restarts) }).toEqual({ chunkSize, same: true });
    }
  });

  it('drops fill bytes before markers and data after EOI', async () => {
    const eoi = plain.length - 2;
    const sos = plain.indexOf(Buffer.from([0xff, 0xda]));
    const padded = Buffer.concat([
      plain.subarray(0, sos),
      Buffer.from([0xff, 0xff]),
      plain.subarray(sos, eoi),
      Buffer.from([0xff, 0xff, 0xff]),
      plain.subarray(eoi),
      Buffer.from(`trailer ${CANARY}`),
    ]);
    const { output } = await strip(padded, 3);
    expect(output.equals(plain)).toBe(true);
  });

  it('strips a progressive multi-scan JPEG without changing its scans', async () => {
    const progressive = progressiveJpeg();
    const scanCount = (jpeg: Buffer) => jpeg.filter((b, i) => b === 0xda && jpeg[i - 1] === 0xff).length;
    expect(scanCount(progressive)).toBeGreaterThan(1);
    expect(progressive.indexOf(Buffer.from([0xff, 0xc2]))).toBeGreaterThan(0); // SOF2: progressive DCT
    const { output, result } = await strip(withSegments(progressive, meta.exif, meta.com, meta.icc), 11);
    expect(output.subarray(output.indexOf(Buffer.from([0xff, 0xc2])))).toEqual(
      progressive.subarray(progressive.indexOf(Buffer.from([0xff, 0xc2]))),
    );
    expect(output.includes(CANARY)).toBe(false);
    expect(scanCount(output)).toBe(scanCount(progressive));
    expect(result).toMatchObject({ width: 64, height: 48, components: 1 });
    expect(decode(output, 'progressive-out').equals(decode(progressive, 'progressive-in'))).toBe(true);
  });

  it('produces output dcmtk decodes to the same pixels as the original', async () => {
    const restarts = baselineJpeg({ width: 24, height: 16, components: 3, restartInterval: 2 });
    const { output } = await strip(withSegments(restarts, meta.exif, meta.xmp, meta.com), 5);
    expect(decode(output, 'baseline-out').equals(decode(restarts, 'baseline-in'))).toBe(true);
  });

  it.each([
    ['cut inside a header segment', () => plain.subarray(0, 30), 'truncated'],
    ['cut inside the entropy-coded data', () => plain.subarray(0, plain.length - 5), 'truncated'],
    ['missing EOI', () => plain.subarray(0, plain.length - 2), 'truncated'],
    ['empty input', () => Buffer.alloc(0), 'truncated'],
    ['no SOI', () => Buffer.from(plain.subarray(2)), 'malformed-jpeg'],
    ['a PNG', () => Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), 'malformed-jpeg'],
    [
      'an unknown marker segment',
      () => withSegments(plain, segment(0xf1, Buffer.from(CANARY))),
      'malformed-jpeg',
    ],
    [
      'a restart marker between segments',
      () => withSegments(plain, Buffer.from([0xff, 0xd0])),
      'malformed-jpeg',
    ],
    [
      'a segment length below 2',
      () => withSegments(plain, Buffer.from([0xff, 0xfe, 0, 1])),
      'malformed-jpeg',
    ],
    ['garbage between segments', () => withSegments(plain, Buffer.from([0x12, 0x34])), 'malformed-jpeg'],
    [
      'SOS before SOF',
      () => withSegments(plain, plain.subarray(plain.indexOf(Buffer.from([0xff, 0xda])))),
      'malformed-jpeg',
    ],
    ['EOI before any scan', () => Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 'malformed-jpeg'],
    [
      'two frames',
      () => withSegments(plain, segment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0]))),
      'malformed-jpeg',
    ],
  ])('rejects %s and leaves the output un-ended', async (_, bytes, reason) => {
    expect(await rejection(bytes())).toEqual({ reason, ended: false });
  });
});
