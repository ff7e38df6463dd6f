/**
 * Pull-based reader over a byte stream: small reads are served from one buffered chunk, and long
 * values can be piped through chunk by chunk, so a 1 GB pixel value never sits in memory whole.
 */
import type { Readable } from 'node:stream';
import { reject } from './reject.ts';

/** Receives bytes that pass through without being parsed (pixel data). */
export type ByteSink = (chunk: Buffer) => Promise<void> | void;

export class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private consumed = 0;
  private done = false;
  private readonly chunks: AsyncIterator<Buffer>;

  constructor(
    input: Readable | AsyncIterable<Buffer>,
    private readonly maxBytes: number,
  ) {
    this.chunks = (input as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  /** Bytes consumed so far (the file offset of the next byte). */
  get position(): number {
    return this.consumed;
  }

  get buffered(): number {
    return this.buf.length - this.pos;
  }

  private async pull(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.chunks.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    if (this.consumed + this.buffered + chunk.length > this.maxBytes)
      reject('too-large', `input exceeds ${this.maxBytes} bytes`);
    const rest = this.buf.length - this.pos;
    this.buf = rest === 0 ? chunk : Buffer.concat([this.buf.subarray(this.pos), chunk]);
    this.pos = 0;
    return true;
  }

  /** Makes `n` bytes available; false when the stream ends first. */
  async ensure(n: number): Promise<boolean> {
    while (this.buf.length - this.pos < n) if (!(await this.pull())) return false;
    return true;
  }

  /** True when no byte is left. */
  async atEnd(): Promise<boolean> {
    return !(await this.ensure(1));
  }

  /** The next `n` buffered bytes, not consumed (call `ensure` first). */
  peek(n: number): Buffer {
    return this.buf.subarray(this.pos, this.pos + n);
  }

  /** Consumes `n` buffered bytes (call `ensure` first): a view on the input chunk, never to be mutated. */
  take(n: number): Buffer {
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    this.consumed += n;
    return out;
  }

  /** Streams `n` bytes to `sink` (or drops them when no sink); false when the stream ends first. */
  async pipe(n: number, sink?: ByteSink): Promise<boolean> {
    let left = n;
    while (left > 0) {
      if (this.buf.length - this.pos === 0 && !(await this.pull())) return false;
      const step = Math.min(left, this.buf.length - this.pos);
      if (sink) await sink(this.buf.subarray(this.pos, this.pos + step));
      this.pos += step;
      this.consumed += step;
      left -= step;
    }
    if (this.pos === this.buf.length) {
      this.buf = Buffer.alloc(0);
      this.pos = 0;
    }
    return true;
  }
}
