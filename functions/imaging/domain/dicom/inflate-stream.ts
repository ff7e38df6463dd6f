/** Inflates a deflated-syntax dataset as it streams. */
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import type { ByteReader } from './byte-reader.ts';
import { reject } from './reject.ts';

/** The rest of a deflated input, inflated as it streams (zlib's own buffers bound the memory). */
export function inflated(r: ByteReader): AsyncIterable<Buffer> {
  async function* rest(): AsyncGenerator<Buffer> {
    while (await r.ensure(1)) {
      const bytes = Buffer.from(r.view());
      r.take(bytes.length);
      yield bytes;
    }
  }
  const inflate = createInflateRaw();
  const source = Readable.from(rest(), { objectMode: false });
  source.on('error', (e) => inflate.destroy(e));
  inflate.on('error', () => source.destroy());
  async function* out(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of source.pipe(inflate)) yield chunk as Buffer;
    } catch (e) {
      if (e instanceof Error && 'code' in e && String(e.code).startsWith('Z_'))
        reject('malformed-dicom', 'the deflated dataset does not inflate');
      throw e;
    }
  }
  return out();
}
