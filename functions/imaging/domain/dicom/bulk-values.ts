/** Bulk values (pixel data, big or undefined-length values): what becomes of each, and the piping. */
import type { ByteReader } from './byte-reader.ts';
import { type Dataset, text } from './dataset.ts';
import { ENCAPSULATED_DOCUMENT } from './deidentify.ts';
import { describeTag } from './keywords.ts';
import { type BulkHeader, isPixelLike } from './parse.ts';
import { isPrivateGroup, isSafePrivate, type ProfileOptions, publicAction } from './profile.ts';
import { Hold, reject } from './reject.ts';
import { encodeHeader, ITEM, SEQUENCE_END, type Syntax, TEXT_VR } from './syntax.ts';

/** Where piped bytes go: the sink's write and whether it consumes each chunk synchronously. */
export interface BulkSink {
  write: (chunk: Buffer) => Promise<void> | undefined;
  synchronous: boolean;
}

/** Pipes a bulk value through (or drops it), re-encoding its header with an even length. */
export async function passBulk(
  r: ByteReader,
  bulk: BulkHeader,
  syntax: Syntax,
  sink: BulkSink | undefined,
): Promise<void> {
  if (bulk.length !== undefined) {
    const odd = bulk.length % 2 === 1;
    await sink?.write(odd ? encodeHeader(bulk.tag, bulk.vr, bulk.length + 1, syntax) : bulk.raw);
    if (!(await r.pipe(bulk.length, sink?.write, sink?.synchronous)))
      return reject('truncated', `stream ends inside ${describeTag(bulk.tag)}`);
    if (odd) await sink?.write(Buffer.from([0]));
    return;
  }
  // Encapsulated: basic offset table item, fragments, sequence delimiter — all passed as they are.
  await sink?.write(bulk.raw);
  for (;;) {
    if (!(await r.ensure(8)))
      return reject('truncated', `stream ends inside encapsulated ${describeTag(bulk.tag)}`);
    const h = r.peek(8);
    const le = syntax.littleEndian;
    const tag =
      ((le ? h.readUInt16LE(0) : h.readUInt16BE(0)) * 0x10000 +
        (le ? h.readUInt16LE(2) : h.readUInt16BE(2))) >>>
      0;
    const length = le ? h.readUInt32LE(4) : h.readUInt32BE(4);
    // Taken whether or not it is written: `sink?.write(r.take(8))` would skip the take without a sink.
    const itemHeader = r.take(8);
    await sink?.write(itemHeader);
    if (tag === SEQUENCE_END) return;
    if (tag !== ITEM || length === 0xffffffff)
      return reject('malformed-dicom', 'encapsulated pixel data holds a non-item');
    if (!(await r.pipe(length, sink?.write, sink?.synchronous)))
      return reject('truncated', 'stream ends inside a pixel data fragment');
  }
}

/** What happens to a bulk value: piped as it is, dropped, or piped through the kept-text scan. */
export type BulkFate = 'pass' | 'drop' | 'scan';

/**
 * Pixel-like bulk values stay when the profile keeps them. Any other bulk value is not verifiable in
 * memory: a kept text value streams through the bulk text scan; an encapsulated document or any other
 * value is removed, or refused `bulk-value-kept` when the options keep it (a safe-listed private value).
 */
export function bulkFate(bulk: BulkHeader, creators: Dataset, options: ProfileOptions): BulkFate {
  let kept: boolean;
  if (!isPrivateGroup(bulk.tag)) {
    const action = publicAction(bulk.tag, bulk.vr, options);
    kept = (action === 'keep' || action === 'recurse') && bulk.tag !== ENCAPSULATED_DOCUMENT;
  } else {
    const group = bulk.tag >>> 16;
    const block = (bulk.tag & 0xffff) >>> 8;
    const creator = text(creators.find((e) => e.tag === ((group << 16) | block) >>> 0));
    kept = isSafePrivate(group, creator, bulk.tag & 0xff, options);
  }
  if (!kept) return 'drop';
  if (isPixelLike(bulk.tag)) return 'pass';
  if (TEXT_VR.has(bulk.vr) && bulk.length !== undefined) return 'scan';
  if (!isPrivateGroup(bulk.tag)) return 'drop';
  return reject(
    'bulk-value-kept',
    `private ${describeTag(bulk.tag)} is a bulk ${bulk.vr} value the safe-private list keeps, but it cannot be verified`,
  );
}

/**
 * Reads a bulk value into memory (the bytes after its element header; for encapsulated data the items
 * and delimiter). Over `cap` bytes the file is held for review: examining it would cost too much memory.
 */
export async function readBulk(
  r: ByteReader,
  bulk: BulkHeader,
  syntax: Syntax,
  cap: number,
): Promise<Buffer> {
  if (bulk.length !== undefined && bulk.length > cap) throw tooLarge(bulk, cap);
  const chunks: Buffer[] = [];
  let bytes = 0;
  const write = (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > cap) throw tooLarge(bulk, cap);
    chunks.push(Buffer.from(chunk));
    return undefined;
  };
  await passBulk(r, bulk, syntax, { write, synchronous: true });
  // passBulk writes the element header first, then the value (and a pad byte for an odd length).
  return Buffer.concat(chunks.slice(1));
}

const tooLarge = (bulk: BulkHeader, cap: number) =>
  new Hold(
    'pixel-review',
    `${describeTag(bulk.tag)} is over ${Math.round(cap / 1048576)} MiB: too large to examine for burned-in text`,
  );
