// Pull-style reading over a Node stream, holding only the bytes a parser has asked for, plus a
// backpressure-aware sink. Shared by the JPEG and PNG strippers.
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { RasterError, type RasterErrorReason } from './raster-error.ts';

/** Reads exact byte counts from a stream; running out of input is a `truncated` RasterError. */
export class ByteSource {
  private readonly chunks: AsyncIterator<Buffer | string>;
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;

  constructor(input: Readable) {
    this.chunks = input[Symbol.asyncIterator]();
  }

  /** Ensures at least `n` bytes are buffered; false when the input ends first. */
  async fill(n: number): Promise<boolean> {
    while (this.buffer.length < n && !this.ended) {
      const next = await this.chunks.next();
      if (next.done) this.ended = true;
      else {
        const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'latin1') : next.value;
        this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      }
    }
    return this.buffer.length >= n;
  }

  /** Takes exactly `n` bytes or throws `truncated`. */
  async take(n: number, what: string): Promise<Buffer> {
    if (!(await this.fill(n))) throw new RasterError('truncated', `input ended inside ${what}`);
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  /** Whatever is buffered (reading one more chunk if nothing is); empty only at end of input. */
  async available(): Promise<Buffer> {
    await this.fill(1);
    return this.buffer;
  }

  /** Drops `n` buffered bytes (n ≤ the length `available()` returned). */
  consume(n: number): void {
    this.buffer = this.buffer.subarray(n);
  }

  /** Reads and discards the rest of the input (trailing data after the image end). */
  async drain(): Promise<void> {
    this.buffer = Buffer.alloc(0);
    while (!this.ended) {
      const next = await this.chunks.next();
      if (next.done) this.ended = true;
    }
  }
}

/** Writes with backpressure; `finish()` ends the stream and waits until it has flushed. */
export class ByteSink {
  private failure: Error | undefined;
  constructor(private readonly output: Writable) {
    output.once('error', (error) => {
      this.failure = error;
    });
  }

  async write(bytes: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (bytes.length === 0) return;
    if (!this.output.write(bytes)) await once(this.output, 'drain');
  }

  async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    const finished = once(this.output, 'finish');
    this.output.end();
    await finished;
  }
}

/** Shorthand for throwing a typed raster failure. */
export function fail(reason: RasterErrorReason, message: string): never {
  throw new RasterError(reason, message);
}
