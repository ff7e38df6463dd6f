/**
 * Pull-based reader over a byte stream: small reads are served from one buffered chunk, and long
 * values can be piped through chunk by chunk, so a 1 GB pixel value never sits in memory whole.
 */
import type { Readable } from 'node:stream';
import { reject } from './reject.ts';

/** Receives bytes that pass through without being parsed (pixel data). */
export type ByteSink = (chunk: Buffer) => Promise<void> | void | undefined;

/**
 * An input read in place by position (a local file): header chunks are read fresh, and pixel data
 * piped to a synchronous sink goes through one reused buffer, so nothing is allocated per chunk.
 */
export interface PositionalInput {
  /** Fills `target` from `position` on; returns the bytes read, 0 at the end. */
  readAt(target: Buffer, position: number): number;
  /** Bytes per read (default `POSITIONAL_CHUNK`). */
  chunkBytes?: number;
}

/** Chunk size for positional inputs. */
export const POSITIONAL_CHUNK = 8 * 1024 * 1024;
const EMPTY = Buffer.alloc(0);
const isPositional = (x: unknown): x is PositionalInput =>
  typeof (x as PositionalInput).readAt === 'function';

const NO_CHUNKS: AsyncIterator<Buffer> = { next: async () => ({ done: true, value: undefined }) };

export class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private consumed = 0;
  private done = false;
  private readonly chunks: AsyncIterator<Buffer>;
  private readonly positional: PositionalInput | undefined;
  private scratch: Buffer | undefined;

  /** A whole input already in memory is served as one chunk, without any stream machinery. */
  constructor(
    input: Readable | AsyncIterable<Buffer> | Buffer | PositionalInput,
    private readonly maxBytes: number,
  ) {
    if (Buffer.isBuffer(input)) {
      if (input.length > maxBytes) reject('too-large', `input exceeds ${maxBytes} bytes`);
      this.buf = input;
      this.done = true;
      this.chunks = NO_CHUNKS;
    } else if (isPositional(input)) {
      this.positional = input;
      this.chunks = NO_CHUNKS;
    } else this.chunks = (input as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  /** Bytes consumed so far (the file offset of the next byte). */
  get position(): number {
    return this.consumed;
  }

  get buffered(): number {
    return this.buf.length - this.pos;
  }

  /** True once the input has no more chunks (what is buffered is all there is). */
  get ended(): boolean {
    return this.done;
  }

  /** The next input chunk; `have` = bytes already held (buffered or collected) for the size limit. */
  private async next(have: number): Promise<Buffer | undefined> {
    if (this.done) return undefined;
    let chunk: Buffer;
    if (this.positional) {
      const fresh = Buffer.allocUnsafe(this.positional.chunkBytes ?? POSITIONAL_CHUNK);
      const n = this.positional.readAt(fresh, this.consumed + have);
      if (n === 0) {
        this.done = true;
        return undefined;
      }
      chunk = fresh.subarray(0, n);
    } else {
      const next = await this.chunks.next();
      if (next.done) {
        this.done = true;
        return undefined;
      }
      chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    }
    if (this.consumed + have + chunk.length > this.maxBytes)
      reject('too-large', `input exceeds ${this.maxBytes} bytes`);
    return chunk;
  }

  private async pull(): Promise<boolean> {
    const chunk = await this.next(this.buffered);
    if (!chunk) return false;
    const rest = this.buf.length - this.pos;
    this.buf = rest === 0 ? chunk : Buffer.concat([this.buf.subarray(this.pos), chunk]);
    this.pos = 0;
    return true;
  }

  /** Makes `n` bytes available; false when the stream ends first. Chunks are joined once, not one by one. */
  async ensure(n: number): Promise<boolean> {
    let have = this.buf.length - this.pos;
    if (have >= n) return true;
    const parts: Buffer[] = have > 0 ? [this.buf.subarray(this.pos)] : [];
    let ok = true;
    while (have < n) {
      const chunk = await this.next(have);
      if (!chunk) {
        ok = false;
        break;
      }
      parts.push(chunk);
      have += chunk.length;
    }
    this.buf = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, have);
    this.pos = 0;
    return ok;
  }

  /** True when no byte is left. */
  async atEnd(): Promise<boolean> {
    return !(await this.ensure(1));
  }

  /** Every buffered byte, not consumed: a view, never to be mutated. */
  view(): Buffer {
    return this.buf.subarray(this.pos);
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

  /**
   * Streams `n` bytes to `sink` (or drops them when no sink); false when the stream ends first.
   * `synchronous`: the sink is done with a chunk when it returns, so a positional input may reuse it.
   */
  async pipe(n: number, sink?: ByteSink, synchronous = false): Promise<boolean> {
    let left = n;
    while (left > 0) {
      if (this.buf.length - this.pos === 0 && this.positional && synchronous)
        return this.pipeInPlace(left, sink);
      if (this.buf.length - this.pos === 0 && !(await this.pull())) return false;
      const step = Math.min(left, this.buf.length - this.pos);
      if (sink) await sink(this.buf.subarray(this.pos, this.pos + step));
      this.pos += step;
      this.consumed += step;
      left -= step;
    }
    if (this.pos === this.buf.length) {
      this.buf = EMPTY;
      this.pos = 0;
    }
    return true;
  }

  /** Positional input, nothing buffered: read into one reused buffer and hand each piece over at once. */
  private pipeInPlace(n: number, sink: ByteSink | undefined): boolean {
    const source = this.positional as PositionalInput;
    this.scratch ??= Buffer.allocUnsafe(source.chunkBytes ?? POSITIONAL_CHUNK);
    let left = n;
    while (left > 0) {
      const target = left < this.scratch.length ? this.scratch.subarray(0, left) : this.scratch;
      const got = source.readAt(target, this.consumed);
      if (got === 0) {
        this.done = true;
        return false;
      }
      if (this.consumed + got > this.maxBytes) reject('too-large', `input exceeds ${this.maxBytes} bytes`);
      sink?.(target.subarray(0, got));
      this.consumed += got;
      left -= got;
    }
    return true;
  }
}
