/** A private temporary file the anonymizer writes to, so nothing reaches a bucket before it is verified. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Spool {
  path: string;
  stream: WriteStream;
  /** Removes the file; safe to call more than once. */
  dispose(): Promise<void>;
}

export async function createSpool(): Promise<Spool> {
  const dir = await mkdtemp(join(tmpdir(), 'anonymize-'));
  const path = join(dir, 'out');
  const stream = createWriteStream(path, { mode: 0o600 });
  return {
    path,
    stream,
    async dispose() {
      stream.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
