/** Encapsulated pixel data (PS3.5 A.4): its items split into frames, and frames written back with an offset table. */
import { ITEM, SEQUENCE_END } from '../dicom/syntax.ts';

/** The value of an encapsulated pixel data element (items up to the delimiter), as fragments per frame. */
export function framesOf(value: Buffer, frames: number): Buffer[][] | string {
  const items: Buffer[] = [];
  let at = 0;
  while (at + 8 <= value.length) {
    const tag = (value.readUInt16LE(at) * 0x10000 + value.readUInt16LE(at + 2)) >>> 0;
    const length = value.readUInt32LE(at + 4);
    at += 8;
    if (tag === SEQUENCE_END) break;
    if (tag !== ITEM || at + length > value.length) return 'the encapsulated pixel data items do not parse';
    items.push(value.subarray(at, at + length));
    at += length;
  }
  const [table, ...fragments] = items;
  if (!table) return 'the encapsulated pixel data has no offset table item';
  if (frames === 1) return [fragments];
  if (table.length >= frames * 4) {
    // Offsets are from the first fragment's item header: map each fragment to the frame it starts in.
    const offsets = Array.from({ length: frames }, (_, i) => table.readUInt32LE(i * 4));
    const out: Buffer[][] = offsets.map(() => []);
    let position = 0;
    for (const f of fragments) {
      let frame = 0;
      while (frame + 1 < frames && (offsets[frame + 1] as number) <= position) frame++;
      out[frame]?.push(f);
      position += 8 + f.length;
    }
    return out;
  }
  if (fragments.length === frames) return fragments.map((f) => [f]);
  return `${fragments.length} fragments for ${frames} frames and no offset table to tell them apart`;
}

/** Encapsulated pixel data items for one fragment per frame, with a basic offset table and the delimiter. */
export function encapsulate(frames: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  const item = (length: number) => {
    const h = Buffer.alloc(8);
    h.writeUInt16LE(0xfffe, 0);
    h.writeUInt16LE(0xe000, 2);
    h.writeUInt32LE(length, 4);
    return h;
  };
  const table = Buffer.alloc(frames.length * 4);
  let offset = 0;
  const bodies = frames.map((f, i) => {
    table.writeUInt32LE(offset, i * 4);
    const even = f.length % 2 === 1 ? Buffer.concat([f, Buffer.from([0])]) : f;
    offset += 8 + even.length;
    return even;
  });
  parts.push(item(table.length), table);
  for (const b of bodies) parts.push(item(b.length), b);
  const end = Buffer.alloc(8);
  end.writeUInt16LE(0xfffe, 0);
  end.writeUInt16LE(0xe0dd, 2);
  parts.push(end);
  return Buffer.concat(parts);
}
