/** Serializes an in-memory dataset in a given syntax: even-length values, sequence lengths recomputed. */
import type { Dataset, Element } from './dataset.ts';
import { ITEM, ITEM_END, LONG_VR, padByte, SEQUENCE_END, type Syntax, UNDEFINED_LENGTH } from './syntax.ts';

/** Pads odd-length values (PS3.5 7.1.1): space for text, NUL for UI and binary. */
export function evenValue(vr: string, value: Buffer): Buffer {
  if (value.length % 2 === 0) return value;
  return Buffer.concat([value, Buffer.from([padByte(vr)])]);
}

/** Elements in ascending tag order, as PS3.5 7.1 requires (already-sorted input is not copied). */
function sorted(ds: Dataset): Dataset {
  for (let i = 1; i < ds.length; i++)
    if ((ds[i - 1] as Element).tag > (ds[i] as Element).tag) return [...ds].sort((a, b) => a.tag - b.tag);
  return ds;
}

const headerSize = (tag: number, vr: string, syntax: Syntax) =>
  syntax.explicit && tag >>> 16 !== 0xfffe && LONG_VR.has(vr) ? 12 : 8;

/**
 * Sizes are computed first and the bytes written into one buffer: no buffer per header or value.
 * `sizes` caches each (sequence) element's encoded size for the writing pass.
 */
function datasetSize(ds: Dataset, syntax: Syntax, sizes: Map<Element, number>): number {
  let n = 0;
  for (const e of ds) n += elementSize(e, syntax, sizes);
  return n;
}

function elementSize(e: Element, syntax: Syntax, sizes: Map<Element, number>): number {
  const head = headerSize(e.tag, e.vr, syntax);
  if (e.items) {
    const inner = e.itemSyntax ?? syntax;
    let body = 0;
    for (const item of e.items) {
      const itemBody = datasetSize(sorted(item), inner, sizes);
      body += 8 + itemBody + (e.undefinedLength ? 8 : 0);
    }
    sizes.set(e, body);
    return head + body + (e.undefinedLength ? 8 : 0);
  }
  if (e.fragments) return head + e.fragments.length + 8;
  const length = e.value?.length ?? 0;
  return head + length + (length % 2);
}

class Writer {
  at = 0;
  constructor(
    readonly out: Buffer,
    readonly sizes: Map<Element, number>,
  ) {}

  header(tag: number, vr: string, length: number, syntax: Syntax): void {
    const o = this.out;
    const le = syntax.littleEndian;
    const isItem = tag >>> 16 === 0xfffe;
    let at = this.at;
    if (le) {
      o.writeUInt16LE(tag >>> 16, at);
      o.writeUInt16LE(tag & 0xffff, at + 2);
    } else {
      o.writeUInt16BE(tag >>> 16, at);
      o.writeUInt16BE(tag & 0xffff, at + 2);
    }
    at += 4;
    if (!syntax.explicit || isItem) {
      if (le) o.writeUInt32LE(length >>> 0, at);
      else o.writeUInt32BE(length >>> 0, at);
      this.at = at + 4;
      return;
    }
    o[at] = vr.charCodeAt(0);
    o[at + 1] = vr.charCodeAt(1);
    if (LONG_VR.has(vr)) {
      o[at + 2] = 0;
      o[at + 3] = 0;
      if (le) o.writeUInt32LE(length >>> 0, at + 4);
      else o.writeUInt32BE(length >>> 0, at + 4);
      this.at = at + 8;
    } else {
      if (le) o.writeUInt16LE(length, at + 2);
      else o.writeUInt16BE(length, at + 2);
      this.at = at + 4;
    }
  }

  bytes(b: Buffer): void {
    b.copy(this.out, this.at);
    this.at += b.length;
  }

  dataset(ds: Dataset, syntax: Syntax): void {
    for (const e of ds) this.element(e, syntax);
  }

  element(e: Element, syntax: Syntax): void {
    if (e.items) {
      const inner = e.itemSyntax ?? syntax;
      if (e.undefinedLength) {
        this.header(e.tag, e.vr, UNDEFINED_LENGTH, syntax);
        for (const item of e.items) {
          this.header(ITEM, '', UNDEFINED_LENGTH, inner);
          this.dataset(sorted(item), inner);
          this.header(ITEM_END, '', 0, inner);
        }
        this.header(SEQUENCE_END, '', 0, inner);
        return;
      }
      this.header(e.tag, e.vr, this.sizes.get(e) as number, syntax);
      for (const item of e.items) {
        const start = this.at;
        this.at += 8;
        this.dataset(sorted(item), inner);
        const end = this.at;
        this.at = start;
        this.header(ITEM, '', end - start - 8, inner);
        this.at = end;
      }
      return;
    }
    if (e.fragments) {
      this.header(e.tag, e.vr, UNDEFINED_LENGTH, syntax);
      this.bytes(e.fragments);
      this.header(SEQUENCE_END, '', 0, syntax);
      return;
    }
    const value = e.value;
    const length = value?.length ?? 0;
    this.header(e.tag, e.vr, length + (length % 2), syntax);
    if (value) this.bytes(value);
    if (length % 2) this.out[this.at++] = padByte(e.vr);
  }
}

/** Elements are written in ascending tag order, as PS3.5 7.1 requires. */
export function encodeDataset(ds: Dataset, syntax: Syntax): Buffer {
  const sizes = new Map<Element, number>();
  const top = sorted(ds);
  const out = Buffer.allocUnsafe(datasetSize(top, syntax, sizes));
  const w = new Writer(out, sizes);
  w.dataset(top, syntax);
  if (w.at !== out.length) throw new Error(`encoder wrote ${w.at} of ${out.length} bytes`);
  return out;
}
