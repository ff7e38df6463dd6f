// Streams bytes to a file while computing CRC32C and MD5, so objects are never held in memory.
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { CRC32C } from '@google-cloud/storage';

/** Hash state that can be saved before a chunk and restored if the chunk is rejected. */
export interface HashState {
  crc: number;
  md5: Hash;
  size: number;
}

export function freshHashState(): HashState {
  return { crc: 0, md5: createHash('md5'), size: 0 };
}

export function cloneHashState(s: HashState): HashState {
  return { crc: s.crc, md5: s.md5.copy(), size: s.size };
}

/** Base64 digests as the JSON API reports them (`crc32c`, `md5Hash`). */
export function digests(s: HashState): { crc32c: string; md5Hash: string } {
  return { crc32c: CRC32C.from(s.crc).toString(), md5Hash: s.md5.copy().digest('base64') };
}

export class HashingWriter {
  private readonly out: WriteStream;
  private readonly crc: CRC32C;
  private failure: Error | undefined;

  constructor(
    path: string,
    readonly state: HashState,
    append = false,
  ) {
    this.out = createWriteStream(path, { flags: append ? 'a' : 'w' });
    this.crc = new CRC32C(state.crc);
    this.out.on('error', (err) => {
      this.failure = err;
    });
  }

  /** Writes one buffer, waiting for the file to drain so memory stays bounded. */
  async write(buf: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (buf.length === 0) return;
    this.crc.update(buf);
    this.state.md5.update(buf);
    this.state.size += buf.length;
    this.state.crc = this.crc.valueOf();
    if (!this.out.write(buf)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          this.out.off('error', onError);
          resolve();
        };
        const onError = (err: Error) => {
          this.out.off('drain', onDrain);
          reject(err);
        };
        this.out.once('drain', onDrain);
        this.out.once('error', onError);
      });
    }
  }

  /** Flushes and closes the file (resolves once it is on disk from the OS's point of view). */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) {
        this.out.destroy();
        reject(this.failure);
        return;
      }
      this.out.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
  }

  /** Abandons the file after a failed upload. */
  destroy(): void {
    this.out.destroy();
  }
}

/** Pipes an async byte source through a HashingWriter; always closes or destroys the file. */
export async function writeAll(
  source: AsyncIterable<Buffer> | Iterable<Buffer>,
  writer: HashingWriter,
): Promise<void> {
  try {
    for await (const chunk of source) await writer.write(chunk);
    await writer.close();
  } catch (err) {
    writer.destroy();
    throw err;
  }
}
