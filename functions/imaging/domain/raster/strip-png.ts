// Streams a PNG through chunk by chunk, keeping only chunks that cannot carry text: the critical
// ones (IHDR, PLTE, IDAT, IEND) and rendering ancillaries made of numbers (tRNS, gAMA, cHRM, sRGB,
// sBIT, pHYs, bKGD). Every CRC is verified; kept chunks are copied byte-identical (IDAT included).
//
// Decisions (fail closed):
// - Dropped: tEXt, iTXt, zTXt, eXIf, tIME, iCCP (its profile name is free text, and the profile
//   may hold text tags), sPLT (palette name is text), hIST, APNG chunks and any unknown ancillary.
// - An unknown critical chunk is rejected (`malformed-png`): decoders must refuse it anyway.
// - Kept ancillaries must have the exact size the spec gives them for the image's colour type (tRNS of a
//   grey image is 2 bytes, of an RGB one 6, of a palette one at most one byte per palette entry; none for
//   images with alpha), so none can smuggle extra bytes. A misfit ancillary is dropped (the image stays
//   publishable); a misfit critical chunk is rejected.
// - Bytes after IEND are read and dropped.
// - On failure the output has been partly written and NOT ended: the caller discards it.
import type { Readable, Writable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { ByteSink, ByteSource, fail } from './byte-source.ts';
import type { RasterInfo } from './raster-error.ts';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What a chunk's allowed size depends on: the colour type (IHDR) and the palette's entry count (PLTE). */
interface Shape {
  colorType: number;
  paletteEntries: number;
}

/** Kept chunk types and the data sizes the specification allows them for the image's shape. */
const KEPT: Record<string, (length: number, shape: Shape) => boolean> = {
  IHDR: (n) => n === 13,
  PLTE: (n) => n > 0 && n <= 768 && n % 3 === 0,
  IDAT: () => true,
  IEND: (n) => n === 0,
  tRNS: (n, { colorType, paletteEntries }) =>
    colorType === 0 ? n === 2 : colorType === 2 ? n === 6 : colorType === 3 && n <= paletteEntries,
  gAMA: (n) => n === 4,
  cHRM: (n) => n === 32,
  sRGB: (n) => n === 1,
  sBIT: (n, { colorType }) => n === ({ 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 }[colorType] ?? -1),
  pHYs: (n) => n === 9,
  bKGD: (n, { colorType }) => n === ({ 0: 2, 4: 2, 2: 6, 6: 6, 3: 1 }[colorType] ?? -1),
};

/** Allowed bit depths per colour type, and the channel count of each colour type. */
const DEPTHS: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

interface State extends Shape {
  info?: RasterInfo;
  palette: boolean;
  idat: 'none' | 'open' | 'closed';
}

function readHeader(data: Buffer): { info: RasterInfo; colorType: number } {
  const [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
  const [depth, colorType, compression, filter, interlace] = [...data.subarray(8, 13)];
  const valid =
    width > 0 &&
    height > 0 &&
    width <= 0x7fffffff &&
    height <= 0x7fffffff &&
    (DEPTHS[colorType ?? -1] ?? []).includes(depth ?? -1) &&
    compression === 0 &&
    filter === 0 &&
    (interlace === 0 || interlace === 1);
  if (!valid) fail('malformed-png', 'invalid IHDR');
  return {
    info: { format: 'png', width, height, components: CHANNELS[colorType ?? 0] ?? 1 },
    colorType: colorType ?? 0,
  };
}

/** Checks chunk order rules that matter for a decodable output. */
function checkOrder(type: string, state: State): void {
  if (!state.info && type !== 'IHDR') fail('malformed-png', 'IHDR is not the first chunk');
  if (state.info && type === 'IHDR') fail('malformed-png', 'second IHDR');
  if (type === 'IDAT' && state.idat === 'closed') fail('malformed-png', 'IDAT chunks are not consecutive');
  if (type === 'PLTE' && state.idat !== 'none') fail('malformed-png', 'PLTE after IDAT');
  if (type === 'IDAT' && state.colorType === 3 && !state.palette)
    fail('malformed-png', 'palette image without PLTE');
  if (type === 'IEND' && state.idat === 'none') fail('malformed-png', 'no IDAT before IEND');
}

/** Streams one chunk's data through the CRC, writing it when `write` is set; returns small data when `collect`. */
async function passData(
  source: ByteSource,
  sink: ByteSink,
  type: Buffer,
  length: number,
  write: boolean,
  collect: boolean,
): Promise<{ crc: number; data: Buffer }> {
  let crc = crc32(type);
  const collected: Buffer[] = [];
  for (let remaining = length; remaining > 0; ) {
    const buf = await source.available();
    if (buf.length === 0) fail('truncated', `input ended inside ${type.toString('latin1')}`);
    const piece = buf.subarray(0, Math.min(remaining, buf.length));
    crc = crc32(piece, crc);
    if (write) await sink.write(piece);
    if (collect) collected.push(piece);
    source.consume(piece.length);
    remaining -= piece.length;
  }
  return { crc: crc >>> 0, data: Buffer.concat(collected) };
}

/**
 * Copies a PNG from `input` to `output` without text/metadata chunks, ending `output` on success.
 * Rejects with a RasterError (`truncated`, `malformed-png`) and leaves `output` un-ended otherwise.
 */
export async function stripPng(input: Readable, output: Writable): Promise<RasterInfo> {
  const source = new ByteSource(input);
  const sink = new ByteSink(output);
  const signature = await source.take(8, 'signature');
  if (!signature.equals(SIGNATURE)) fail('malformed-png', 'not a PNG signature');
  await sink.write(signature);
  const state: State = { colorType: 0, paletteEntries: 0, palette: false, idat: 'none' };
  for (;;) {
    const head = await source.take(8, 'chunk header');
    const length = head.readUInt32BE(0);
    const type = head.subarray(4, 8).toString('latin1');
    if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type)) fail('malformed-png', 'invalid chunk header');
    checkOrder(type, state);
    const sizeOk = KEPT[type];
    const critical = type.charCodeAt(0) < 0x61;
    if (critical && !sizeOk) fail('malformed-png', `unknown critical chunk ${type}`);
    const fits = sizeOk?.(length, state) ?? false;
    if (critical && !fits) fail('malformed-png', `${type} has an invalid length`);
    const kept = fits;
    if (state.idat === 'open' && type !== 'IDAT') state.idat = 'closed';
    // Kept chunks stream straight out (IDAT can be huge); the CRC is checked before it is copied.
    if (kept) await sink.write(head);
    const { crc, data } = await passData(source, sink, head.subarray(4, 8), length, kept, type === 'IHDR');
    const stored = await source.take(4, `${type} CRC`);
    if (stored.readUInt32BE(0) !== crc) fail('malformed-png', `bad CRC in ${type}`);
    if (kept) await sink.write(stored);
    if (type === 'IHDR') {
      const header = readHeader(data);
      state.info = header.info;
      state.colorType = header.colorType;
    }
    if (type === 'PLTE') {
      state.palette = true;
      state.paletteEntries = length / 3;
    }
    if (type === 'IDAT') state.idat = 'open';
    if (type === 'IEND' && state.info) {
      await source.drain();
      await sink.finish();
      return state.info;
    }
  }
}
