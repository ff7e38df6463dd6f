/**
 * Where a stored (anonymized) instance keeps its parts: the header bytes up to the pixel data, the pixel
 * data's offset, and for encapsulated pixel data its Basic Offset Table. Read from the start of the object
 * with the engine's own parser, stopping at the pixel data: a 300 MB instance costs its header only.
 */
import { parseBuffered } from '../dicom/buffered-parse.ts';
import { ByteReader } from '../dicom/byte-reader.ts';
import { readStart } from '../dicom/file-meta.ts';
import { DatasetParser } from '../dicom/parse.ts';
import { Rejection } from '../dicom/reject.ts';
import { ITEM, syntaxOf } from '../dicom/syntax.ts';

/** Top-level pixel data elements (pixel, float pixel, double float pixel). */
const PIXEL_TAGS = new Set([0x7fe00010, 0x7fe00008, 0x7fe00009]);

export interface PixelLocation {
  tag: number;
  vr: string;
  /** File offset of the value's first byte. */
  valueOffset: number;
  /** Defined for native pixel data; undefined for encapsulated (items up to a sequence delimiter). */
  length?: number;
  /** Encapsulated: the file offset of the first fragment's item header, where offsets count from. */
  firstFragment?: number;
  /** Encapsulated: the Basic Offset Table (empty when the writer left it empty). */
  offsetTable?: number[];
}

export interface InstanceLayout {
  transferSyntaxUid: string;
  littleEndian: boolean;
  /** The file from its preamble to the pixel data element's tag (or the whole file, if it has none). */
  header: Buffer;
  pixel?: PixelLocation;
}

export interface LayoutLimits {
  /** Most bytes read before the pixel data (the header cap). */
  maxHeaderBytes: number;
}

function offsetTable(bytes: Buffer): number[] {
  const out: number[] = [];
  for (let at = 0; at + 4 <= bytes.length; at += 4) out.push(bytes.readUInt32LE(at));
  return out;
}

/**
 * Reads the layout of a DICOM Part 10 file from its first bytes; the chunks need not end at the pixel data
 * (reading stops there). A string is why the bytes are not a readable instance (no PHI in it).
 */
export async function instanceLayout(
  chunks: AsyncIterable<Buffer>,
  limits: LayoutLimits,
): Promise<InstanceLayout | string> {
  const seen: Buffer[] = [];
  async function* tapped() {
    for await (const c of chunks) {
      seen.push(c);
      yield c;
    }
  }
  const r = new ByteReader(tapped(), limits.maxHeaderBytes);
  try {
    const meta = await readStart(r);
    const syntax = syntaxOf(meta.transferSyntaxUid);
    const parser = new DatasetParser(syntax, { maxDepth: 16, maxInlineValue: 1 << 20 });
    const done = (pixel?: PixelLocation): InstanceLayout => {
      const all = Buffer.concat(seen);
      const end = pixel ? pixel.valueOffset : all.length;
      return {
        transferSyntaxUid: meta.transferSyntaxUid,
        littleEndian: syntax.littleEndian,
        header: all.subarray(0, end),
        ...(pixel ? { pixel } : {}),
      };
    };
    for (;;) {
      const segment = await parseBuffered(r, (i) => parser.readSegment(i));
      const bulk = segment.bulk;
      if (!bulk) return done();
      const valueOffset = r.position;
      if (PIXEL_TAGS.has(bulk.tag)) {
        const at = { tag: bulk.tag, vr: bulk.vr, valueOffset };
        if (bulk.length !== undefined) return done({ ...at, length: bulk.length });
        if (!(await r.ensure(8))) return 'the encapsulated pixel data has no offset table item';
        const item = r.take(8);
        const tag = (item.readUInt16LE(0) * 0x10000 + item.readUInt16LE(2)) >>> 0;
        const length = item.readUInt32LE(4);
        if (tag !== ITEM) return 'the encapsulated pixel data does not start with an item';
        if (!(await r.ensure(length))) return 'the offset table runs past the end of the file';
        const table = offsetTable(r.take(length));
        return done({ ...at, firstFragment: r.position, offsetTable: table });
      }
      // Another large value before the pixel data (an overlay, say): step over it.
      if (bulk.length === undefined) return 'an undefined-length value precedes the pixel data';
      if (!(await r.pipe(bulk.length))) return 'the file ends inside a value';
      parser.countBulkHeader(bulk);
    }
  } catch (e) {
    if (e instanceof Rejection) return `${e.reason}: ${e.detail}`;
    throw e;
  }
}
