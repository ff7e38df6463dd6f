/** The file meta group: read from the input (or its absence recognized), regenerated for the output. */

import { parseBuffered } from './buffered-parse.ts';
import type { ByteReader } from './byte-reader.ts';
import { type Element, text } from './dataset.ts';
import { encodeDataset } from './encode.ts';
import { DatasetParser } from './parse.ts';
import { reject } from './reject.ts';
import { EXPLICIT_LE, encodeHeader, TS } from './syntax.ts';

/** Our implementation identity in the regenerated file meta (a 2.25 UID derived from a fixed name). */
export const IMPLEMENTATION_CLASS_UID = '2.25.178532287420731126213924962839114287823';
export const IMPLEMENTATION_VERSION = 'SALUDTECH_DEID1';

export interface Meta {
  transferSyntaxUid: string;
  sopClassUid?: string;
  sopInstanceUid?: string;
}
const DICM = Buffer.from('DICM', 'latin1');

/** Reads preamble and file meta, or recognizes a bare dataset (no preamble, no meta). */
export async function readStart(r: ByteReader): Promise<Meta> {
  if (!(await r.ensure(8))) return reject('truncated', 'file too short to be DICOM');
  if ((await r.ensure(132)) && r.peek(132).subarray(128, 132).equals(DICM)) r.take(132);
  else if (r.peek(4).equals(DICM)) r.take(4);
  const head = r.peek(8);
  // No meta: a bare dataset, its syntax read off its first element.
  if (head.readUInt16LE(0) !== 0x0002) return { transferSyntaxUid: bareSyntax(head) };
  const parser = new DatasetParser(EXPLICIT_LE, { maxDepth: 1, maxInlineValue: 65536 });
  return parseBuffered(r, (input) => {
    const meta: Meta = { transferSyntaxUid: '' };
    for (;;) {
      if (!input.has(6)) break;
      if (input.buf.readUInt16LE(input.pos) !== 0x0002) break;
      const e = parser.readOne(input);
      if (e.tag === 0x00020010) meta.transferSyntaxUid = text(e) ?? '';
      if (e.tag === 0x00020002) meta.sopClassUid = text(e);
      if (e.tag === 0x00020003) meta.sopInstanceUid = text(e);
    }
    // A meta without (0002,0010): the dataset's first element says which syntax it is in.
    if (!meta.transferSyntaxUid && input.has(8))
      meta.transferSyntaxUid = bareSyntax(input.buf.subarray(input.pos, input.pos + 8));
    if (!meta.transferSyntaxUid) return reject('malformed-dicom', 'file meta has no transfer syntax');
    return meta;
  });
}

/**
 * The syntax of a dataset without a declared one, from its first element header: explicit VR shows as
 * two capital letters after the tag, and a big-endian group reads as a plausible group only swapped.
 */
function bareSyntax(head: Buffer): string {
  if (!/^[A-Z]{2}$/.test(head.toString('latin1', 4, 6))) return TS.implicitLE;
  const bigEndian = head.readUInt16LE(0) > 0xff && head.readUInt16BE(0) <= 0xff;
  return bigEndian ? TS.explicitBE : TS.explicitLE;
}
/** The output's file meta: preamble, DICM, group length and our implementation identity. */
export function encodeMeta(sopClassUid: string, sopInstanceUid: string, transferSyntaxUid: string): Buffer {
  const ui = (tag: number, v: string): Element => ({ tag, vr: 'UI', value: Buffer.from(v, 'latin1') });
  const body = encodeDataset(
    [
      { tag: 0x00020001, vr: 'OB', value: Buffer.from([0, 1]) },
      ui(0x00020002, sopClassUid),
      ui(0x00020003, sopInstanceUid),
      ui(0x00020010, transferSyntaxUid),
      ui(0x00020012, IMPLEMENTATION_CLASS_UID),
      { tag: 0x00020013, vr: 'SH', value: Buffer.from(IMPLEMENTATION_VERSION, 'latin1') },
    ],
    EXPLICIT_LE,
  );
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length);
  return Buffer.concat([
    Buffer.alloc(128),
    DICM,
    encodeHeader(0x00020000, 'UL', 4, EXPLICIT_LE),
    length,
    body,
  ]);
}
