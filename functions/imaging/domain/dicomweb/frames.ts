/**
 * Frames of a stored instance (PS3.18 §8.7.3.1 frame lists, PS3.5 A.4 encapsulation): which byte range
 * each frame occupies, and the fragment payloads inside an encapsulated range, read as they stream.
 */
import type { PixelModule } from '../pixels/pixel-module.ts';
import { type DicomJson, firstNumber, firstText } from './dicom-json.ts';
import type { PixelLocation } from './instance-layout.ts';

/** `1,3,2` → [1, 3, 2] (one-based, in the order asked), or why the list is not one. */
export function parseFrameList(text: string, frames: number): number[] | string {
  const parts = text.split(',');
  if (parts.length > 1000) return 'at most 1000 frames per request';
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[1-9][0-9]{0,8}$/.test(p.trim())) return `"${p.slice(0, 12)}" is not a frame number (1, 2, …)`;
    const n = Number(p.trim());
    if (n > frames) return `frame ${n} does not exist: the instance has ${frames} frame(s)`;
    out.push(n);
  }
  return out;
}

/** Bytes per native frame, or undefined when frames are not byte-aligned (1-bit pixels, several frames). */
export function nativeFrameBytes(
  m: { rows: number; columns: number; samplesPerPixel: number; bitsAllocated: number },
  frames: number,
): number | undefined {
  const bits = m.rows * m.columns * m.samplesPerPixel * m.bitsAllocated;
  if (bits % 8 !== 0 && frames > 1) return undefined;
  return Math.ceil(bits / 8);
}

/** A byte range of the object, end exclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Where native frame `n` (one-based) lies. */
export const nativeFrameRange = (p: PixelLocation, frameBytes: number, n: number): ByteRange => ({
  start: p.valueOffset + (n - 1) * frameBytes,
  end: p.valueOffset + n * frameBytes,
});

/**
 * Where encapsulated frame `n` lies, from the Basic Offset Table or the Extended Offset Table (offsets
 * from the first fragment's item header). One frame without a table: everything to the delimiter.
 * Undefined: no table tells frames apart (the caller scans the fragments instead).
 */
export function encapsulatedFrameRange(
  p: PixelLocation,
  frames: number,
  n: number,
  objectSize: number,
  extended?: readonly number[],
): ByteRange | undefined {
  const first = p.firstFragment;
  if (first === undefined) return undefined;
  const table = extended && extended.length === frames ? extended : p.offsetTable;
  if (table && table.length === frames) {
    const start = first + (table[n - 1] as number);
    const next = table[n];
    return { start, end: next === undefined ? objectSize : first + next };
  }
  if (frames === 1) return { start: first, end: objectSize };
  return undefined;
}

/** Reads 64-bit little-endian offsets (the Extended Offset Table, 7FE0,0001). */
export function extendedOffsets(bytes: Buffer | undefined): number[] | undefined {
  if (!bytes || bytes.length % 8 !== 0 || bytes.length === 0) return undefined;
  const out: number[] = [];
  for (let at = 0; at < bytes.length; at += 8) out.push(Number(bytes.readBigUInt64LE(at)));
  return out;
}

const ITEM = 0xfffee000;
const SEQUENCE_END = 0xfffee0dd;

/** A piece of an encapsulated stream: a fragment begins (its index, from 0), or bytes of the current one. */
export type FragmentEvent =
  | { kind: 'fragment'; index: number; length: number }
  | { kind: 'data'; bytes: Buffer };

/**
 * The fragments in a stream of item headers and payloads (starting at an item header), as events; stops at
 * the sequence delimiter or when the bytes end. Throws on bytes that are not items.
 */
export async function* fragments(chunks: AsyncIterable<Buffer>): AsyncGenerator<FragmentEvent> {
  let header = Buffer.alloc(0);
  let left = 0; // payload bytes still to come in the current fragment
  let index = 0;
  for await (const chunk of chunks) {
    let at = 0;
    while (at < chunk.length) {
      if (left > 0) {
        const step = Math.min(left, chunk.length - at);
        yield { kind: 'data', bytes: chunk.subarray(at, at + step) };
        at += step;
        left -= step;
        continue;
      }
      const need = 8 - header.length;
      header = Buffer.concat([header, chunk.subarray(at, at + need)]);
      at += Math.min(need, chunk.length - at);
      if (header.length < 8) continue;
      const tag = (header.readUInt16LE(0) * 0x10000 + header.readUInt16LE(2)) >>> 0;
      const length = header.readUInt32LE(4);
      header = Buffer.alloc(0);
      if (tag === SEQUENCE_END) return;
      if (tag !== ITEM) throw new Error('encapsulated pixel data holds something other than items');
      yield { kind: 'fragment', index: index++, length };
      left = length;
    }
  }
}

/** The payload bytes of every fragment in the stream (one frame's range), concatenated as they come. */
export async function* fragmentBytes(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const e of fragments(chunks)) if (e.kind === 'data') yield e.bytes;
}

/** One frame per fragment, found by scanning (no offset table): each fragment's range, end exclusive. */
export async function fragmentRanges(
  chunks: AsyncIterable<Buffer>,
  firstFragment: number,
): Promise<ByteRange[]> {
  const out: ByteRange[] = [];
  let position = firstFragment;
  for await (const e of fragments(chunks)) {
    if (e.kind !== 'fragment') continue;
    out.push({ start: position, end: position + 8 + e.length });
    position += 8 + e.length;
  }
  return out;
}

/** The Image Pixel module from an instance's DICOM JSON, or why it cannot be read. */
export function pixelModuleOfJson(json: DicomJson): PixelModule | string {
  const rows = firstNumber(json, '00280010');
  const columns = firstNumber(json, '00280011');
  const bitsAllocated = firstNumber(json, '00280100');
  if (!rows || !columns) return 'the instance has no Rows or Columns';
  if (!bitsAllocated) return 'the instance has no BitsAllocated';
  return {
    rows,
    columns,
    samplesPerPixel: firstNumber(json, '00280002') ?? 1,
    bitsAllocated,
    bitsStored: firstNumber(json, '00280101') ?? bitsAllocated,
    pixelRepresentation: firstNumber(json, '00280103') ?? 0,
    photometric: (firstText(json, '00280004') || 'MONOCHROME2').toUpperCase(),
    planarConfiguration: firstNumber(json, '00280006') ?? 0,
    frames: Math.max(1, Math.trunc(firstNumber(json, '00280008') ?? 1)),
  };
}
