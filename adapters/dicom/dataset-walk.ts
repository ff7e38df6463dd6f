/**
 * A structural walk of a received data set, reading element headers only (positional reads, so a 2 GB
 * multi-frame costs a few kilobytes of memory): every length must fit in its container, sequences and items
 * must close where they say, encapsulated Pixel Data must be a run of items ending in a delimiter, and the
 * data set must end exactly at the end of the file. It collects the few top-level values the adapter checks
 * (UIDs and the image pixel module). A failure's `why` names tags and offsets only, never values.
 */

export interface ByteSource {
  size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

export interface Encoding {
  explicit: boolean;
  littleEndian: boolean;
}

export interface DatasetFacts {
  sopClassUid?: string;
  sopInstanceUid?: string;
  studyInstanceUid?: string;
  rows?: number;
  columns?: number;
  samplesPerPixel?: number;
  bitsAllocated?: number;
  numberOfFrames?: number;
  /** Length of a native Pixel Data value; absent when encapsulated or missing. */
  nativePixelBytes?: number;
  encapsulatedPixelData: boolean;
}

export type Walk = { ok: true; facts: DatasetFacts } | { ok: false; why: string };

const LONG_VR = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const UNDEFINED = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
const PIXEL_DATA = 0x7fe00010;
const MAX_DEPTH = 64;
const WINDOW = 64 * 1024;

/** The syntax a data set is encoded in: every compressed syntax encodes it explicit VR little endian. */
export function encodingOf(transferSyntaxUid: string): Encoding {
  if (transferSyntaxUid === '1.2.840.10008.1.2') return { explicit: false, littleEndian: true };
  if (transferSyntaxUid === '1.2.840.10008.1.2.2') return { explicit: true, littleEndian: false };
  return { explicit: true, littleEndian: true };
}

class Corrupt extends Error {}
const corrupt = (why: string): never => {
  throw new Corrupt(why);
};
const hex = (tag: number) =>
  `(${(tag >>> 16).toString(16).padStart(4, '0')},${(tag & 0xffff).toString(16).padStart(4, '0')})`;

/** Reads through a 64 KiB window, so a run of small headers costs one read. */
class Cursor {
  private at = -1;
  private window: Buffer = Buffer.alloc(0);
  constructor(private readonly src: ByteSource) {}
  get size() {
    return this.src.size;
  }
  async bytes(offset: number, length: number): Promise<Buffer> {
    if (offset + length > this.src.size) corrupt(`unexpected end of data at byte ${offset}`);
    if (this.at < 0 || offset < this.at || offset + length > this.at + this.window.length) {
      this.at = offset;
      this.window = await this.src.read(offset, Math.max(length, Math.min(WINDOW, this.src.size - offset)));
      if (this.window.length < length) corrupt(`short read at byte ${offset}`);
    }
    return this.window.subarray(offset - this.at, offset - this.at + length);
  }
}

interface Header {
  tag: number;
  vr?: string;
  length: number;
  /** Offset of the value. */
  value: number;
}

async function header(c: Cursor, at: number, enc: Encoding): Promise<Header> {
  const h = await c.bytes(at, 8);
  const u16 = (o: number) => (enc.littleEndian ? h.readUInt16LE(o) : h.readUInt16BE(o));
  const u32 = (o: number) => (enc.littleEndian ? h.readUInt32LE(o) : h.readUInt32BE(o));
  const tag = ((u16(0) << 16) | u16(2)) >>> 0;
  if (tag >>> 16 === 0xfffe || !enc.explicit) return { tag, length: u32(4), value: at + 8 };
  const vr = h.toString('latin1', 4, 6);
  if (!/^[A-Z]{2}$/.test(vr)) return corrupt(`${hex(tag)} at byte ${at} has no valid VR`);
  if (!LONG_VR.has(vr)) return { tag, vr, length: u16(6), value: at + 8 };
  const l = await c.bytes(at + 8, 4);
  return { tag, vr, length: enc.littleEndian ? l.readUInt32LE(0) : l.readUInt32BE(0), value: at + 12 };
}

type End = { at: number } | { delimiter: number };

/** Walks elements from `at` to `end`; returns the offset after the container (after its delimiter). */
async function walkElements(
  c: Cursor,
  at: number,
  end: End,
  enc: Encoding,
  depth: number,
  top?: (h: Header, read: () => Promise<Buffer>) => Promise<void>,
): Promise<number> {
  if (depth > MAX_DEPTH) corrupt('sequences nested too deep');
  let pos = at;
  for (;;) {
    if ('at' in end && pos === end.at) return pos;
    if ('at' in end && pos > end.at) corrupt(`an element runs past its container at byte ${pos}`);
    if (!('at' in end) && pos >= c.size) corrupt('a delimiter is missing at the end of the data');
    const h = await header(c, pos, enc);
    if (!('at' in end) && h.tag === end.delimiter) {
      if (h.length !== 0) corrupt(`delimiter ${hex(h.tag)} at byte ${pos} has a length`);
      return h.value;
    }
    if (h.tag >>> 16 === 0xfffe) corrupt(`${hex(h.tag)} out of place at byte ${pos}`);
    const undefinedLength = h.length === UNDEFINED;
    const limit = 'at' in end ? end.at : c.size;
    if (!undefinedLength && h.value + h.length > limit)
      corrupt(`${hex(h.tag)} at byte ${pos} is longer than the data that holds it`);
    await top?.(h, () => c.bytes(h.value, h.length));
    if (h.tag === PIXEL_DATA && undefinedLength) {
      // Also inside an Icon Image Sequence item, which carries its own (encapsulated) Pixel Data.
      pos = await walkFragments(c, h.value);
    } else if (h.vr === 'SQ' || (undefinedLength && (h.vr === undefined || h.vr === 'UN'))) {
      // A UN of undefined length is a sequence encoded implicit VR little endian (PS3.5 §6.2.2).
      const inner = h.vr === 'UN' ? { explicit: false, littleEndian: true } : enc;
      pos = await walkItems(
        c,
        h.value,
        undefinedLength ? { delimiter: SEQUENCE_END } : { at: h.value + h.length },
        inner,
        depth + 1,
      );
    } else if (undefinedLength) {
      return corrupt(`${hex(h.tag)} at byte ${pos} has an undefined length but is not a sequence`);
    } else {
      pos = h.value + h.length;
    }
  }
}

async function walkItems(c: Cursor, at: number, end: End, enc: Encoding, depth: number): Promise<number> {
  let pos = at;
  for (;;) {
    if ('at' in end && pos === end.at) return pos;
    if ('at' in end && pos > end.at) corrupt(`an item runs past its sequence at byte ${pos}`);
    const h = await header(c, pos, enc);
    if (!('at' in end) && h.tag === SEQUENCE_END) return h.value;
    if (h.tag !== ITEM) return corrupt(`${hex(h.tag)} at byte ${pos} where a sequence item belongs`);
    if (h.length === UNDEFINED) pos = await walkElements(c, h.value, { delimiter: ITEM_END }, enc, depth);
    else {
      if (h.value + h.length > ('at' in end ? end.at : c.size))
        corrupt(`item at byte ${pos} is longer than its sequence`);
      pos = await walkElements(c, h.value, { at: h.value + h.length }, enc, depth);
    }
  }
}

/** Encapsulated Pixel Data (PS3.5 §A.4): items of defined length, then a Sequence Delimitation Item. */
async function walkFragments(c: Cursor, at: number): Promise<number> {
  const le = { explicit: true, littleEndian: true };
  let pos = at;
  for (;;) {
    const h = await header(c, pos, le);
    if (h.tag === SEQUENCE_END) return h.value;
    if (h.tag !== ITEM || h.length === UNDEFINED)
      corrupt(`encapsulated Pixel Data has ${hex(h.tag)} at byte ${pos} where a fragment belongs`);
    if (h.value + h.length > c.size) corrupt(`a Pixel Data fragment at byte ${pos} runs past the end`);
    pos = h.value + h.length;
  }
}

const UID_TAGS: Record<number, 'sopClassUid' | 'sopInstanceUid' | 'studyInstanceUid'> = {
  524310: 'sopClassUid',
  524312: 'sopInstanceUid',
  2097165: 'studyInstanceUid',
};
const US_TAGS: Record<number, 'rows' | 'columns' | 'samplesPerPixel' | 'bitsAllocated'> = {
  2621456: 'rows',
  2621457: 'columns',
  2621442: 'samplesPerPixel',
  2621696: 'bitsAllocated',
};

/** Walks the data set that starts at `start` (after the file meta) to the end of `src`. */
export async function walkDataset(src: ByteSource, start: number, transferSyntaxUid: string): Promise<Walk> {
  const enc = encodingOf(transferSyntaxUid);
  const facts: DatasetFacts = { encapsulatedPixelData: false };
  const collect = async (h: Header, read: () => Promise<Buffer>) => {
    const uid = UID_TAGS[h.tag];
    const us = US_TAGS[h.tag];
    if (uid && h.length <= 64) facts[uid] = (await read()).toString('latin1').replace(/[\0 ]+$/, '');
    else if (us && h.length === 2) {
      const b = await read();
      facts[us] = enc.littleEndian ? b.readUInt16LE(0) : b.readUInt16BE(0);
    } else if (h.tag === 0x00280008 && h.length <= 12) {
      const n = Number((await read()).toString('latin1').trim());
      if (Number.isInteger(n) && n > 0) facts.numberOfFrames = n;
    } else if (h.tag === PIXEL_DATA) {
      if (h.length === UNDEFINED) facts.encapsulatedPixelData = true;
      else facts.nativePixelBytes = h.length;
    }
  };
  try {
    const c = new Cursor(src);
    await walkElements(c, start, { at: src.size }, enc, 0, collect);
    return { ok: true, facts };
  } catch (e) {
    if (e instanceof Corrupt) return { ok: false, why: e.message };
    throw e;
  }
}
