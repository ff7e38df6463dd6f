/** Runs synchronous parses over a stream's buffered bytes, buffering more until they suffice. */
import type { ByteReader } from './byte-reader.ts';
import { Input, NeedMore } from './parse.ts';

/**
 * Runs a synchronous parse over every buffered byte; when the bytes end too early (`NeedMore`) buffers
 * at least twice as many and parses again, so a header split over many small chunks costs O(n), and
 * a header inside the first chunk (the usual case) is parsed once. Consumes what the parse read.
 */
export async function parseBuffered<T>(r: ByteReader, parse: (input: Input) => T): Promise<T> {
  let need = 1;
  for (;;) {
    await r.ensure(need);
    const view = r.view();
    const input = new Input(view, r.ended, r.position);
    try {
      const value = parse(input);
      r.take(input.pos);
      return value;
    } catch (e) {
      if (!(e instanceof NeedMore)) throw e;
      need = Math.max(e.bytes, view.length * 2);
    }
  }
}
