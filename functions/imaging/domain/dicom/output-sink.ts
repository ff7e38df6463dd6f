/** The engine's output: a Writable or a chunk consumer, hashed and counted as it is written. */
import { createHash, type Hash } from 'node:crypto';
import type { Writable } from 'node:stream';

/**
 * Where output bytes go: a Writable (with backpressure), or a function that must be done with each
 * chunk when it returns (copy it, keep it or write it synchronously): with a positional input, pixel
 * data chunks share one reused buffer. A chunk never changes while the input is a Buffer.
 */
export type DicomOutput = Writable | ((chunk: Buffer) => void);

/** Writes to the output, hashing (when asked) and counting what goes out. */
export class Sink {
  readonly hash: Hash | undefined;
  /** A function output consumes each chunk before returning. */
  readonly synchronous: boolean;
  bytes = 0;
  constructor(
    private readonly out: DicomOutput,
    hash: boolean,
  ) {
    this.hash = hash ? createHash('sha256') : undefined;
    this.synchronous = typeof out === 'function';
  }
  write = (chunk: Buffer): Promise<void> | undefined => {
    if (chunk.length === 0) return;
    this.hash?.update(chunk);
    this.bytes += chunk.length;
    if (typeof this.out === 'function') {
      this.out(chunk);
      return;
    }
    if (this.out.write(chunk)) return;
    const out = this.out;
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        out.off('drain', done);
        out.off('error', done);
        if (err) reject(err);
        else resolve();
      };
      out.once('drain', done);
      out.once('error', done);
    });
  };
}
