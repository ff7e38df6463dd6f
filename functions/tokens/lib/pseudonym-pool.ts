/**
 * Pseudonyms on every core: large batches (a bulk import, a benchmark) are cut into chunks and MACed by
 * worker threads. Workers receive the field's sub-key only, never the seed; values and tokens cross the
 * thread boundary as one NUL-joined string per chunk, which is far cheaper than an array of strings.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Keyring } from '../domain/keyring.ts';
import type { PoolTask } from './pseudonym.worker.ts';

export interface PseudonymPool {
  readonly size: number;
  /**
   * Bulk path: newline-separated values in (as read from a file), newline-separated tokens out, in order;
   * the same tokens as `keyring.pseudonym(field, line, issuer)`. The main thread only cuts and concatenates bytes.
   */
  pseudonymizeLines(keyring: Keyring, field: string, lines: Buffer, issuer?: string): Promise<Buffer>;
  /** Convenience over `pseudonymizeLines` for string arrays (values must not contain a newline). */
  pseudonymize(
    keyring: Keyring,
    field: string,
    values: readonly string[],
    issuer?: string,
  ): Promise<string[]>;
  close(): Promise<void>;
}

/** Bytes per task: ~25,000 MRN-sized values, small enough to spread a 1M batch over every worker. */
const CHUNK_BYTES = 256 * 1024;

// Source runs as .ts locally and as .js deployed. A .ts worker registers the tsx loader itself first:
// `--import tsx` in a Worker's execArgv is not honoured everywhere (vitest's workers ignore it).
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const workerUrl = new URL(`./pseudonym.worker${ext}`, import.meta.url);

function startWorker(): Worker {
  if (ext === '.js') return new Worker(workerUrl);
  // tsx's API as an ES module (require.resolve finds its CommonJS twin; the .mjs sits beside it).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(
    /\.cjs$/,
    '.mjs',
  );
  const boot = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(boot, { eval: true });
}

export function createPseudonymPool(size = availableParallelism()): PseudonymPool {
  const workers = Array.from({ length: size }, startWorker);
  const idle = [...workers];
  const waiting: (() => void)[] = [];
  const pending = new Map<number, { resolve: (tokens: Buffer) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  for (const w of workers)
    w.on('message', (m: { id: number; tokens: Uint8Array }) => {
      pending.get(m.id)?.resolve(Buffer.from(m.tokens.buffer, m.tokens.byteOffset, m.tokens.byteLength));
      pending.delete(m.id);
      idle.push(w);
      waiting.shift()?.();
    });
  // A dead worker fails every chunk still in flight rather than leaving callers waiting forever.
  for (const w of workers)
    w.on('error', (e) => {
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });

  const run = async (task: Omit<PoolTask, 'id'>): Promise<Buffer> => {
    while (idle.length === 0) await new Promise<void>((r) => waiting.push(r));
    const worker = idle.pop() as Worker;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...task, id }, [task.lines.buffer as ArrayBuffer]);
    });
  };

  return {
    size,
    async pseudonymizeLines(keyring, field, lines, issuer) {
      const subkey = keyring.subkey(`pseudonym:${field}`);
      const chunks: Promise<Buffer>[] = [];
      for (let start = 0; start < lines.length; ) {
        let end = lines.indexOf(0x0a, Math.min(start + CHUNK_BYTES, lines.length - 1));
        end = end < 0 ? lines.length : end + 1;
        // slice() copies the chunk into its own ArrayBuffer, which is then transferred, not cloned.
        const chunk = new Uint8Array(lines.buffer, lines.byteOffset + start, end - start).slice();
        chunks.push(
          run({ subkey, field, version: keyring.version, lines: chunk, ...(issuer ? { issuer } : {}) }),
        );
        start = end;
      }
      return Buffer.concat(await Promise.all(chunks));
    },
    async pseudonymize(keyring, field, values, issuer) {
      if (values.some((v) => v.includes('\n'))) throw new Error('values must not contain a newline');
      const out = await this.pseudonymizeLines(keyring, field, Buffer.from(values.join('\n')), issuer);
      return out.toString('latin1').split('\n', values.length);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
