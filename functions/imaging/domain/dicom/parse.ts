/**
 * Reads elements from a byte stream into memory, sequences recursively, and stops at the first
 * top-level bulk element (pixel data and other very large values) so the caller can stream it.
 */
import type { ByteReader } from './byte-reader.ts';
import type { Dataset, Element } from './dataset.ts';
import { reject, tagText } from './reject.ts';
import {
  IMPLICIT_LE,
  ITEM,
  ITEM_END,
  LONG_VR,
  SEQUENCE_END,
  type Syntax,
  UNDEFINED_LENGTH,
} from './syntax.ts';
import { dictionaryVr } from './vr-dictionary.ts';

/** A top-level value left in the stream for the caller to pipe through. */
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
}

interface Header {
  tag: number;
  vr: string;
  length: number;
  raw: Buffer;
}

const VR_CHARS = /^[A-Z]{2}$/;

function implicitVr(tag: number): string {
  const element = tag & 0xffff;
  if (element === 0) return 'UL';
  if ((tag >>> 16) & 1) return element >= 0x10 && element <= 0xff ? 'LO' : 'UN';
  return dictionaryVr(tag) ?? 'UN';
}

/** Reads one element header; `undefined` at a clean end of stream. */
async function readHeader(r: ByteReader, syntax: Syntax): Promise<Header | undefined> {
  if (!(await r.ensure(8))) {
    if (r.buffered === 0) return undefined;
    return reject('truncated', `stream ends inside an element header at byte ${r.position}`);
  }
  const h = r.peek(8);
  const le = syntax.littleEndian;
  const tag =
    ((le ? h.readUInt16LE(0) : h.readUInt16BE(0)) * 0x10000 +
      (le ? h.readUInt16LE(2) : h.readUInt16BE(2))) >>>
    0;
  if (tag >>> 16 === 0xfffe || !syntax.explicit) {
    const length = le ? h.readUInt32LE(4) : h.readUInt32BE(4);
    return { tag, vr: tag >>> 16 === 0xfffe ? '' : implicitVr(tag), length, raw: r.take(8) };
  }
  const vr = h.toString('latin1', 4, 6);
  if (!VR_CHARS.test(vr)) return reject('malformed-dicom', `element ${tagText(tag)} has no valid VR`);
  if (LONG_VR.has(vr)) {
    if (!(await r.ensure(12))) return reject('truncated', `stream ends inside the header of ${tagText(tag)}`);
    const l = r.peek(12);
    return { tag, vr, length: le ? l.readUInt32LE(8) : l.readUInt32BE(8), raw: r.take(12) };
  }
  return { tag, vr, length: le ? h.readUInt16LE(6) : h.readUInt16BE(6), raw: r.take(8) };
}

const isBulkTag = (tag: number) => tag === 0x7fe00010 || tag === 0x7fe00008 || tag === 0x7fe00009;

export class DatasetParser {
  constructor(
    private readonly r: ByteReader,
    private readonly syntax: Syntax,
    private readonly limits: ParseLimits,
  ) {}

  /**
   * Reads top-level elements until a bulk element (returned unread, its header consumed) or the end.
   */
  async readSegment(): Promise<{ elements: Dataset; bulk?: BulkHeader }> {
    const elements: Dataset = [];
    for (;;) {
      const h = await readHeader(this.r, this.syntax);
      if (!h) return { elements };
      if (h.tag === ITEM || h.tag === ITEM_END || h.tag === SEQUENCE_END) {
        // Stray delimiters at top level (seen after some broken writers): skip, they carry nothing.
        if (h.tag === ITEM)
          return reject('malformed-dicom', `item outside a sequence at byte ${this.r.position}`);
        continue;
      }
      const undefinedLength = h.length === UNDEFINED_LENGTH;
      const sequence = h.vr === 'SQ' || (h.vr === 'UN' && undefinedLength);
      if (!sequence && (isBulkTag(h.tag) || undefinedLength || h.length > this.limits.maxInlineValue)) {
        return {
          elements,
          bulk: { tag: h.tag, vr: h.vr, length: undefinedLength ? undefined : h.length, raw: h.raw },
        };
      }
      elements.push(await this.readValue(h, 0, undefined));
    }
  }

  /** Reads exactly one element (file meta); the stream must hold one. */
  async readOne(): Promise<Element> {
    const h = await readHeader(this.r, this.syntax);
    if (!h) return reject('truncated', 'stream ends inside the file meta');
    return this.readValue(h, 0, undefined);
  }

  /** Reads the value of an element whose header was read; `budget` = bytes left in the enclosing item. */
  private async readValue(
    h: Header,
    depth: number,
    budget: number | undefined,
    syntax = this.syntax,
  ): Promise<Element> {
    const undefinedLength = h.length === UNDEFINED_LENGTH;
    if (!undefinedLength && budget !== undefined && h.length > budget) {
      return reject('length-field-lies', `${tagText(h.tag)} claims more bytes than its enclosing item holds`);
    }
    if (h.vr === 'SQ' || (h.vr === 'UN' && undefinedLength)) {
      const itemSyntax = h.vr === 'UN' ? IMPLICIT_LE : syntax;
      const items = await this.readItems(h, depth + 1, itemSyntax);
      return { tag: h.tag, vr: h.vr, items, undefinedLength, ...(h.vr === 'UN' ? { itemSyntax } : {}) };
    }
    if (undefinedLength) {
      return { tag: h.tag, vr: h.vr, fragments: await this.readFragments(syntax), undefinedLength: true };
    }
    if (h.length > this.limits.maxInlineValue) {
      return reject('too-large', `${tagText(h.tag)} inside a sequence exceeds the in-memory value limit`);
    }
    if (!(await this.r.ensure(h.length))) {
      return reject('length-field-lies', `${tagText(h.tag)} claims more bytes than the file holds`);
    }
    return { tag: h.tag, vr: h.vr, value: this.r.take(h.length) };
  }

  private async readItems(seq: Header, depth: number, syntax: Syntax): Promise<Element[][]> {
    if (depth > this.limits.maxDepth)
      return reject('nesting-too-deep', `sequences nested deeper than ${this.limits.maxDepth}`);
    const items: Element[][] = [];
    const end = seq.length === UNDEFINED_LENGTH ? undefined : this.r.position + seq.length;
    for (;;) {
      if (end !== undefined && this.r.position >= end) {
        if (this.r.position > end)
          return reject('length-field-lies', `${tagText(seq.tag)} items overrun its length`);
        return items;
      }
      const h = await readHeader(this.r, syntax);
      if (!h) return reject('truncated', `stream ends inside sequence ${tagText(seq.tag)}`);
      if (h.tag === SEQUENCE_END && end === undefined) return items;
      if (h.tag !== ITEM)
        return reject('malformed-dicom', `${tagText(seq.tag)} holds ${tagText(h.tag)} where an item belongs`);
      if (h.length !== UNDEFINED_LENGTH && end !== undefined && this.r.position + h.length > end) {
        return reject(
          'length-field-lies',
          `an item of ${tagText(seq.tag)} claims more bytes than the sequence holds`,
        );
      }
      items.push(await this.readItem(h.length, depth, syntax));
    }
  }

  private async readItem(length: number, depth: number, syntax: Syntax): Promise<Element[]> {
    const out: Element[] = [];
    const end = length === UNDEFINED_LENGTH ? undefined : this.r.position + length;
    for (;;) {
      if (end !== undefined && this.r.position >= end) {
        if (this.r.position > end) return reject('length-field-lies', 'an element overruns its item');
        return out;
      }
      const h = await readHeader(this.r, syntax);
      if (!h) return reject('truncated', 'stream ends inside a sequence item');
      if (h.tag === ITEM_END && end === undefined) return out;
      if (h.tag >>> 16 === 0xfffe)
        return reject('malformed-dicom', `unexpected ${tagText(h.tag)} inside an item`);
      out.push(await this.readValue(h, depth, end === undefined ? undefined : end - this.r.position, syntax));
    }
  }

  /** Nested encapsulated value: keeps the raw item bytes (offset table + fragments) up to the delimiter. */
  private async readFragments(syntax: Syntax): Promise<Buffer> {
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const h = await readHeader(this.r, syntax);
      if (!h) return reject('truncated', 'stream ends inside encapsulated data');
      if (h.tag === SEQUENCE_END) return Buffer.concat(parts);
      if (h.tag !== ITEM) return reject('malformed-dicom', 'encapsulated data holds a non-item');
      total += h.length;
      if (total > this.limits.maxInlineValue)
        return reject('too-large', 'nested encapsulated data exceeds the in-memory limit');
      if (!(await this.r.ensure(h.length)))
        return reject('length-field-lies', 'a fragment claims more bytes than the file holds');
      parts.push(h.raw, this.r.take(h.length));
    }
  }
}
