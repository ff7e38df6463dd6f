/**
 * The Writable that dcmjs-dimse streams one C-STORE data set into (Scp.createStoreWritableStream): it
 * writes the Part 10 header and then the data set's PDV bytes straight to the spool file, so no instance
 * is ever held in memory. Each chunk is reserved against the spool's byte cap and the instance size limit;
 * once either is exceeded the rest is read and dropped (the C-STORE is then refused with A700).
 *
 * dcmjs-dimse does not wait for `drain`, so the writer applies backpressure itself: it pauses the
 * association's socket while more than `highWaterMark` bytes wait for the disk, and resumes it after.
 */
import { type FileHandle, open, unlink } from 'node:fs/promises';
import { Writable } from 'node:stream';

export type WriteOutcome =
  | { outcome: 'written'; path: string; bytes: number; headerBytes: number }
  | { outcome: 'spool-full' | 'too-large' | 'write-error'; bytes: number };

export interface Reservation {
  /** Asks for `bytes` more; false when the spool cap would be exceeded (nothing is reserved then). */
  reserve(bytes: number): boolean;
  /** Gives back what this instance reserved (after a refusal or an abort). */
  release(bytes: number): void;
}

export interface SpoolWriterOptions {
  path: string;
  header: Buffer;
  reservation: Reservation;
  maxInstanceBytes: number;
  /** The association's socket: paused while the disk is behind. */
  flow?: { pause(): void; resume(): void };
  highWaterMark?: number;
  /** Resolves when the file may be created (its folder exists). */
  before?: Promise<void>;
}

export class SpoolWriter extends Writable {
  private file: Promise<FileHandle>;
  private reserved = 0;
  private written = 0;
  private refused: 'spool-full' | 'too-large' | undefined;
  private failed = false;
  private paused = false;
  private settled = false;
  private readonly done: Promise<WriteOutcome>;
  private settle!: (o: WriteOutcome) => void;

  constructor(private readonly o: SpoolWriterOptions) {
    super({ highWaterMark: o.highWaterMark ?? 4 * 1024 * 1024 });
    this.file = (o.before ?? Promise.resolve()).then(() => open(o.path, 'wx'));
    this.file.catch(() => undefined); // surfaced by the first write
    this.done = new Promise((resolve) => {
      this.settle = resolve;
    });
    this.on('error', () => void this.drop('write-error'));
    this.admit(o.header.length);
    this.pending.push(o.header);
  }

  /** Buffers to write on the next flush (the header first). */
  private pending: Buffer[] = [];

  private admit(bytes: number): boolean {
    if (this.refused) return false;
    if (this.reserved + bytes > this.o.maxInstanceBytes) this.refused = 'too-large';
    else if (!this.o.reservation.reserve(bytes)) this.refused = 'spool-full';
    else {
      this.reserved += bytes;
      return true;
    }
    return false;
  }

  private backpressure() {
    if (!this.o.flow) return;
    const waiting = this.writableLength;
    if (!this.paused && waiting > this.writableHighWaterMark) {
      this.paused = true;
      this.o.flow.pause();
    } else if (this.paused && waiting <= this.writableHighWaterMark / 2) {
      this.paused = false;
      this.o.flow.resume();
    }
  }

  private async flush(chunks: Buffer[]): Promise<void> {
    const take = [...this.pending, ...chunks.filter((c) => this.admit(c.length))];
    this.pending = [];
    if (this.refused || this.failed || take.length === 0) return;
    const file = await this.file;
    let offset = this.written;
    // writev can write less than asked: loop until every byte is down.
    let rest = take;
    while (rest.length > 0) {
      const { bytesWritten } = await file.writev(rest, offset);
      offset += bytesWritten;
      let skip = bytesWritten;
      const next: Buffer[] = [];
      for (const b of rest) {
        if (skip >= b.length) skip -= b.length;
        else {
          next.push(skip > 0 ? b.subarray(skip) : b);
          skip = 0;
        }
      }
      rest = next;
    }
    this.written = offset;
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.backpressure();
    this.flush(chunks.map((c) => c.chunk)).then(
      () => {
        callback();
        this.backpressure();
      },
      (e: Error) => {
        this.failed = true;
        callback(e);
      },
    );
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, callback: (error?: Error | null) => void): void {
    this._writev([{ chunk }], callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.flush([])
      .then(async () => {
        if (this.refused) return this.drop(this.refused);
        const file = await this.file;
        await file.sync();
        await file.close();
        this.finish({
          outcome: 'written',
          path: this.o.path,
          bytes: this.written,
          headerBytes: this.o.header.length,
        });
      })
      .then(
        () => callback(),
        (e: Error) => callback(e),
      );
  }

  private finish(o: WriteOutcome) {
    if (this.settled) return;
    this.settled = true;
    if (this.paused) {
      this.paused = false;
      this.o.flow?.resume();
    }
    this.settle(o);
  }

  /** Removes the partial file and gives its reservation back, then settles with `outcome`. */
  private async drop(outcome: 'spool-full' | 'too-large' | 'write-error'): Promise<void> {
    if (this.settled) return;
    const file = await this.file.catch(() => undefined);
    await file?.close().catch(() => undefined);
    await unlink(this.o.path).catch(() => undefined);
    this.o.reservation.release(this.reserved);
    this.reserved = 0;
    this.finish({ outcome, bytes: this.written });
  }

  /** Resolves once the data set is fully on disk (fsync'd), or refused. */
  outcome(): Promise<WriteOutcome> {
    return this.done;
  }

  /** Bytes reserved against the spool so far (released by the spool on refusal or discard). */
  get reservedBytes() {
    return this.reserved;
  }

  /** The association ended before the data set did: drop the partial file and its reservation. */
  async abandon(): Promise<void> {
    if (this.settled) return;
    this.refused ??= 'too-large'; // stops any flush still queued from writing
    this.destroy();
    await this.drop('write-error');
  }
}
