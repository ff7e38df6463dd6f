/**
 * Reads elements from the buffered bytes of an input into memory, sequences recursively, and stops at
 * the first top-level bulk element (pixel data and other very large values) so the caller can stream
 * it. Parsing is synchronous over one buffer: when the bytes run out before the input has ended it
 * throws `NeedMore`, and the caller buffers more and parses again (headers are small; see engine.ts).
 */
import type { Dataset, Element } from './dataset.ts';
import { describeTag } from './keywords.ts';
import { reject } from './reject.ts';
import {
  IMPLICIT_LE,
  ITEM,
  ITEM_END,
  LONG_VR,
  SEQUENCE_END,
  type Syntax,
  TEXT_VR,
  UNDEFINED_LENGTH,
} from './syntax.ts';
import { dictionaryVr } from './vr-dictionary.ts';

/** A top-level value left in the input for the caller to pipe through. */
export interface BulkHeader {
  tag: number;
  vr: string;
  /** `undefined` for encapsulated (fragment) values, which end with a sequence delimiter. */
  length: number | undefined;
  /** The header bytes exactly as read. */
  raw: Buffer;
}

export interface ParseLimits {
  maxDepth: number;
  /** Largest value kept in memory; a larger top-level value is bulk, a larger nested one is rejected. */
  maxInlineValue: number;
  /** Total non-pixel bytes read (headers and in-memory values, all segments); beyond: `header-too-large`. */
  maxHeaderBytes?: number;
  /** Total elements read, nested ones included; beyond: `header-too-large`. */
  maxElements?: number;
}

/** Thrown when the buffer ends before the input does: `bytes` (from the buffer's start) are needed. */
export class NeedMore {
  constructor(readonly bytes: number) {}
}

/** The bytes a parse runs over: `final` when nothing follows them, `base` = file offset of byte 0. */
export class Input {
  pos: number;
  constructor(
    readonly buf: Buffer,
    readonly final: boolean,
    readonly base = 0,
    start = 0,
  ) {
    this.pos = start;
  }

  /** File offset of the next byte (for details). */
  get position(): number {
    return this.base + this.pos;
  }

  get left(): number {
    return this.buf.length - this.pos;
  }

  /** True when `n` bytes are there; false at the real end; `NeedMore` when more may still come. */
  has(n: number): boolean {
    if (this.buf.length - this.pos >= n) return true;
    if (!this.final) throw new NeedMore(this.pos + n);
    return false;
  }

  take(n: number): Buffer {
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

interface Header {
  tag: number;
  vr: string;
  length: number;
  /** Offset of the header in the buffer and its size: the raw bytes are cut only for bulk values. */
  at: number;
  size: number;
}

/** Two-letter VR strings by their bytes, so headers need no string decoding. */
const VR_STRINGS: string[] = [];
for (let a = 0; a < 26; a++)
  for (let b = 0; b < 26; b++) VR_STRINGS.push(String.fromCharCode(0x41 + a, 0x41 + b));

function implicitVr(tag: number): string {
  const element = tag & 0xffff;
  if (element === 0) return 'UL';
  if ((tag >>> 16) & 1) return element >= 0x10 && element <= 0xff ? 'LO' : 'UN';
  return dictionaryVr(tag) ?? 'UN';
}

/** Reads one element header; `undefined` at a clean end of input. */
function readHeader(r: Input, syntax: Syntax): Header | undefined {
  if (!r.has(8)) {
    if (r.left === 0) return undefined;
    return reject('truncated', `stream ends inside an element header at byte ${r.position}`);
  }
  const b = r.buf;
  const at = r.pos;
  const le = syntax.littleEndian;
  const tag = le
    ? (b.readUInt16LE(at) * 0x10000 + b.readUInt16LE(at + 2)) >>> 0
    : (b.readUInt16BE(at) * 0x10000 + b.readUInt16BE(at + 2)) >>> 0;
  if (tag >>> 16 === 0xfffe || !syntax.explicit) {
    const length = le ? b.readUInt32LE(at + 4) : b.readUInt32BE(at + 4);
    r.pos += 8;
    return { tag, vr: tag >>> 16 === 0xfffe ? '' : implicitVr(tag), length, at, size: 8 };
  }
  const c0 = (b[at + 4] as number) - 0x41;
  const c1 = (b[at + 5] as number) - 0x41;
  if (c0 < 0 || c0 > 25 || c1 < 0 || c1 > 25)
    return reject('malformed-dicom', `element ${describeTag(tag)} has no valid VR`);
  const vr = VR_STRINGS[c0 * 26 + c1] as string;
  if (LONG_VR.has(vr)) {
    if (!r.has(12)) return reject('truncated', `stream ends inside the header of ${describeTag(tag)}`);
    r.pos += 12;
    return { tag, vr, length: le ? b.readUInt32LE(at + 8) : b.readUInt32BE(at + 8), at, size: 12 };
  }
  r.pos += 8;
  return { tag, vr, length: le ? b.readUInt16LE(at + 6) : b.readUInt16BE(at + 6), at, size: 8 };
}

const isBulkTag = (tag: number) => tag === 0x7fe00010 || tag === 0x7fe00008 || tag === 0x7fe00009;

/**
 * Pixel-like values (pixel, float pixel, overlay, waveform and spectroscopy data): streamed through
 * as they are. Any other bulk value is a document or text and goes through the profile.
 */
export function isPixelLike(tag: number): boolean {
  if (isBulkTag(tag)) return true;
  const group = tag >>> 16;
  const element = tag & 0xffff;
  if ((group & 0xff00) === 0x6000 && element === 0x3000) return true;
  if ((group & 0xff00) === 0x5400 && element === 0x1010) return true;
  return tag === 0x56000020 || tag === 0x56000010;
}

/**
 * The VR an explicit UN element really has (PS3.5 6.2.2: PACS forward unknown attributes as UN):
 * the dictionary's, when the value can be re-encoded under it (byte order and header size allow).
 */
function resolvedUnVr(tag: number, length: number, syntax: Syntax): string {
  const vr = dictionaryVr(tag);
  if (!vr || vr === 'UN' || vr === 'SQ') return 'UN';
  if (!syntax.littleEndian && !TEXT_VR.has(vr) && vr !== 'UI') return 'UN';
  if (!LONG_VR.has(vr) && length > 0xffff) return 'UN';
  return vr;
}

/** An explicit UN element that holds a sequence: undefined length, or a dictionary SQ. */
const isUnSequence = (h: Header) =>
  h.vr === 'UN' && (h.length === UNDEFINED_LENGTH || dictionaryVr(h.tag) === 'SQ');

export interface Segment {
  elements: Dataset;
  bulk?: BulkHeader;
}

export class DatasetParser {
  /** Elements and non-pixel bytes of the segments already returned (a retried parse starts from these). */
  private committedElements = 0;
  private committedBytes = 0;
  private elementsRead = 0;
  private segmentStart = 0;

  constructor(
    private readonly syntax: Syntax,
    private readonly limits: ParseLimits,
  ) {}

  /** Reads a header and enforces the caps: a header flood is refused before it costs memory. */
  private header(r: Input, syntax: Syntax): Header | undefined {
    const h = readHeader(r, syntax);
    if (!h) return h;
    this.elementsRead++;
    const maxElements = this.limits.maxElements ?? Number.POSITIVE_INFINITY;
    if (this.elementsRead > maxElements)
      return reject('header-too-large', `the dataset holds more than ${maxElements} elements`);
    const maxBytes = this.limits.maxHeaderBytes ?? Number.POSITIVE_INFINITY;
    if (this.committedBytes + (r.pos - this.segmentStart) > maxBytes)
      return reject('header-too-large', `the non-pixel part of the dataset exceeds ${maxBytes} bytes`);
    return h;
  }

  /** Counts a bulk value's header (and, for a non-pixel value, its bytes) once it was streamed. */
  countBulkHeader(bulk: BulkHeader): void {
    this.committedBytes += bulk.raw.length + (isPixelLike(bulk.tag) ? 0 : (bulk.length ?? 0));
    const maxBytes = this.limits.maxHeaderBytes ?? Number.POSITIVE_INFINITY;
    if (this.committedBytes > maxBytes)
      reject('header-too-large', `the non-pixel part of the dataset exceeds ${maxBytes} bytes`);
  }

  /**
   * Reads top-level elements until a bulk element (returned unread, its header consumed) or the end.
   */
  readSegment(r: Input): Segment {
    this.elementsRead = this.committedElements;
    this.segmentStart = r.pos;
    const segment = this.readElements(r);
    this.committedElements = this.elementsRead;
    this.committedBytes += r.pos - this.segmentStart - (segment.bulk?.raw.length ?? 0);
    return segment;
  }

  private readElements(r: Input): Segment {
    const elements: Dataset = [];
    for (;;) {
      const h = this.header(r, this.syntax);
      if (!h) return { elements };
      if (h.tag === ITEM || h.tag === ITEM_END || h.tag === SEQUENCE_END) {
        // Stray delimiters at top level (seen after some broken writers): skip, they carry nothing.
        if (h.tag === ITEM) return reject('malformed-dicom', `item outside a sequence at byte ${r.position}`);
        continue;
      }
      const undefinedLength = h.length === UNDEFINED_LENGTH;
      const sequence = h.vr === 'SQ' || isUnSequence(h);
      if (!sequence && (isBulkTag(h.tag) || undefinedLength || h.length > this.limits.maxInlineValue)) {
        const raw = r.buf.subarray(h.at, h.at + h.size);
        return {
          elements,
          bulk: { tag: h.tag, vr: h.vr, length: undefinedLength ? undefined : h.length, raw },
        };
      }
      elements.push(this.readValue(r, h, 0, undefined));
    }
  }

  /** Reads exactly one element (file meta); the input must hold one. */
  readOne(r: Input): Element {
    const h = this.header(r, this.syntax);
    if (!h) return reject('truncated', 'stream ends inside the file meta');
    return this.readValue(r, h, 0, undefined);
  }

  /** Reads the value of an element whose header was read; `budget` = bytes left in the enclosing item. */
  private readValue(
    r: Input,
    h: Header,
    depth: number,
    budget: number | undefined,
    syntax = this.syntax,
  ): Element {
    const undefinedLength = h.length === UNDEFINED_LENGTH;
    if (!undefinedLength && budget !== undefined && h.length > budget) {
      return reject(
        'length-field-lies',
        `${describeTag(h.tag)} claims more bytes than its enclosing item holds`,
      );
    }
    if (h.vr === 'SQ' || isUnSequence(h)) {
      // A UN sequence is implicit VR LE inside (PS3.5 6.2.2); a dictionary SQ is written back as SQ.
      const itemSyntax = h.vr === 'UN' ? IMPLICIT_LE : syntax;
      const items = this.readItems(r, h, depth + 1, itemSyntax);
      const known = h.vr === 'UN' && dictionaryVr(h.tag) === 'SQ';
      if (h.vr === 'SQ' || known) return { tag: h.tag, vr: 'SQ', items, undefinedLength };
      return { tag: h.tag, vr: h.vr, items, undefinedLength, itemSyntax };
    }
    if (undefinedLength) {
      return { tag: h.tag, vr: h.vr, fragments: this.readFragments(r, syntax), undefinedLength: true };
    }
    if (h.length > this.limits.maxInlineValue) {
      return reject('too-large', `${describeTag(h.tag)} inside a sequence exceeds the in-memory value limit`);
    }
    if (!r.has(h.length)) {
      return reject('length-field-lies', `${describeTag(h.tag)} claims more bytes than the file holds`);
    }
    const vr = h.vr === 'UN' ? resolvedUnVr(h.tag, h.length, syntax) : h.vr;
    return { tag: h.tag, vr, value: r.take(h.length) };
  }

  private readItems(r: Input, seq: Header, depth: number, syntax: Syntax): Element[][] {
    if (depth > this.limits.maxDepth)
      return reject('nesting-too-deep', `sequences nested deeper than ${this.limits.maxDepth}`);
    const items: Element[][] = [];
    const end = seq.length === UNDEFINED_LENGTH ? undefined : r.pos + seq.length;
    for (;;) {
      if (end !== undefined && r.pos >= end) {
        if (r.pos > end)
          return reject('length-field-lies', `${describeTag(seq.tag)} items overrun its length`);
        return items;
      }
      const h = this.header(r, syntax);
      if (!h) return reject('truncated', `stream ends inside sequence ${describeTag(seq.tag)}`);
      if (h.tag === SEQUENCE_END && end === undefined) return items;
      if (h.tag !== ITEM)
        return reject(
          'malformed-dicom',
          `${describeTag(seq.tag)} holds ${describeTag(h.tag)} where an item belongs`,
        );
      if (h.length !== UNDEFINED_LENGTH && end !== undefined && r.pos + h.length > end) {
        return reject(
          'length-field-lies',
          `an item of ${describeTag(seq.tag)} claims more bytes than the sequence holds`,
        );
      }
      items.push(this.readItem(r, h.length, depth, syntax));
    }
  }

  private readItem(r: Input, length: number, depth: number, syntax: Syntax): Element[] {
    const out: Element[] = [];
    const end = length === UNDEFINED_LENGTH ? undefined : r.pos + length;
    for (;;) {
      if (end !== undefined && r.pos >= end) {
        if (r.pos > end) return reject('length-field-lies', 'an element overruns its item');
        return out;
      }
      const h = this.header(r, syntax);
      if (!h) return reject('truncated', 'stream ends inside a sequence item');
      if (h.tag === ITEM_END && end === undefined) return out;
      if (h.tag >>> 16 === 0xfffe)
        return reject('malformed-dicom', `unexpected ${describeTag(h.tag)} inside an item`);
      out.push(this.readValue(r, h, depth, end === undefined ? undefined : end - r.pos, syntax));
    }
  }

  /** Nested encapsulated value: keeps the raw item bytes (offset table + fragments) up to the delimiter. */
  private readFragments(r: Input, syntax: Syntax): Buffer {
    const start = r.pos;
    let total = 0;
    for (;;) {
      const h = readHeader(r, syntax);
      if (!h) return reject('truncated', 'stream ends inside encapsulated data');
      // The item headers and fragments are contiguous: one view, no copy.
      if (h.tag === SEQUENCE_END) return r.buf.subarray(start, h.at);
      if (h.tag !== ITEM) return reject('malformed-dicom', 'encapsulated data holds a non-item');
      total += h.length;
      if (total > this.limits.maxInlineValue)
        return reject('too-large', 'nested encapsulated data exceeds the in-memory limit');
      if (!r.has(h.length))
        return reject('length-field-lies', 'a fragment claims more bytes than the file holds');
      r.pos += h.length;
    }
  }
}
