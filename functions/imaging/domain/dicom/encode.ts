/** Serializes an in-memory dataset in a given syntax: even-length values, sequence lengths recomputed. */
import type { Dataset, Element } from './dataset.ts';
import {
  encodeHeader,
  ITEM,
  ITEM_END,
  padByte,
  SEQUENCE_END,
  type Syntax,
  UNDEFINED_LENGTH,
} from './syntax.ts';

/** Pads odd-length values (PS3.5 7.1.1): space for text, NUL for UI and binary. */
export function evenValue(vr: string, value: Buffer): Buffer {
  if (value.length % 2 === 0) return value;
  return Buffer.concat([value, Buffer.from([padByte(vr)])]);
}

function encodeElement(e: Element, syntax: Syntax, parts: Buffer[]): void {
  if (e.items) {
    const inner = e.itemSyntax ?? syntax;
    const items = e.items.map((item) => encodeDataset(item, inner));
    if (e.undefinedLength) {
      parts.push(encodeHeader(e.tag, e.vr, UNDEFINED_LENGTH, syntax));
      for (const item of items)
        parts.push(
          encodeHeader(ITEM, '', UNDEFINED_LENGTH, inner),
          item,
          encodeHeader(ITEM_END, '', 0, inner),
        );
      parts.push(encodeHeader(SEQUENCE_END, '', 0, inner));
      return;
    }
    const length = items.reduce((n, item) => n + 8 + item.length, 0);
    parts.push(encodeHeader(e.tag, e.vr, length, syntax));
    for (const item of items) parts.push(encodeHeader(ITEM, '', item.length, inner), item);
    return;
  }
  if (e.fragments) {
    parts.push(
      encodeHeader(e.tag, e.vr, UNDEFINED_LENGTH, syntax),
      e.fragments,
      encodeHeader(SEQUENCE_END, '', 0, syntax),
    );
    return;
  }
  const value = evenValue(e.vr, e.value ?? Buffer.alloc(0));
  parts.push(encodeHeader(e.tag, e.vr, value.length, syntax), value);
}

/** Elements are written in ascending tag order, as PS3.5 7.1 requires. */
export function encodeDataset(ds: Dataset, syntax: Syntax): Buffer {
  const parts: Buffer[] = [];
  const sorted = [...ds].sort((a, b) => a.tag - b.tag);
  for (const e of sorted) encodeElement(e, syntax, parts);
  return Buffer.concat(parts);
}
