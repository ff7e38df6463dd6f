/** Anonymizes one file of the CLI's input tree into the output tree; a rejected file leaves nothing behind. */
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writevSync,
} from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { keyringFromSeed } from '../../tokens/domain/keyring.ts';
import { type AnonymizeContext, anonymize, DEFAULT_OPTIONS } from '../domain/anonymizer.ts';

export interface FileJobConfig {
  inDir: string;
  outDir: string;
  seed: string;
  keyVersion: number;
  issuer: string;
  maxBytes: number;
  maxDepth: number;
}

export interface ReportLine {
  path: string;
  status: 'anonymized' | 'rejected';
  reason?: string;
}

/** Builds the per-process runner: the keyring is derived once and reused for every file. */
export function fileRunner(
  config: FileJobConfig,
): (rel: string, hasSidecar?: boolean) => Promise<ReportLine> {
  const keyring = keyringFromSeed(Buffer.from(config.seed, 'base64'), config.keyVersion);
  return async (rel, hasSidecar = false) => {
    const source = join(config.inDir, rel);
    const target = join(config.outDir, rel);
    const partial = `${target}.partial-${process.pid}`;
    const ctx: AnonymizeContext = {
      keyring,
      issuer: config.issuer,
      options: DEFAULT_OPTIONS,
      limits: { maxBytes: config.maxBytes, maxDepth: config.maxDepth },
      ...(hasSidecar ? sidecarOf(source) : {}),
    };
    const size = statSync(source).size;
    if (size <= IN_MEMORY) {
      // Small files: one read, one write, and nothing touches --out unless the file was made safe.
      const chunks: Buffer[] = [];
      const collect = new Writable({
        write(chunk: Buffer, _enc, done) {
          chunks.push(chunk);
          done();
        },
      });
      // Synchronous file I/O: each worker thread is its own lane, and it skips thread-pool round trips.
      const outcome = await anonymize(Readable.from([readFileSync(source)]), collect, ctx);
      if (outcome.status !== 'anonymized') return { path: rel, status: 'rejected', reason: outcome.reason };
      ensureDirSync(dirname(target));
      const fd = openSync(target, 'w');
      try {
        writevSync(fd, chunks);
      } finally {
        closeSync(fd);
      }
      return { path: rel, status: 'anonymized' };
    }
    ensureDirSync(dirname(target));
    // A deep write buffer lets reading and hashing the next chunks overlap the disk writes.
    const out = createWriteStream(partial, { highWaterMark: 8 << 20 });
    try {
      const outcome = await anonymize(createReadStream(source, { highWaterMark: 2 << 20 }), out, ctx);
      if (outcome.status === 'anonymized') {
        await rename(partial, target);
        return { path: rel, status: 'anonymized' };
      }
      out.destroy();
      await rm(partial, { force: true });
      return { path: rel, status: 'rejected', reason: outcome.reason };
    } catch (e) {
      out.destroy();
      await rm(partial, { force: true });
      throw e;
    }
  };
}

/** Files up to this size are read and written whole; larger ones are streamed. */
const IN_MEMORY = 8 * 1024 * 1024;

const made = new Set<string>();
/** mkdir -p once per directory per thread. */
function ensureDirSync(dir: string): void {
  if (made.has(dir)) return;
  mkdirSync(dir, { recursive: true });
  made.add(dir);
}

/** `<file>.json` next to an image is its sidecar; only its identifiers matter to the anonymizer. */
function sidecarOf(source: string): Pick<AnonymizeContext, 'sidecar'> | Record<string, never> {
  const path = `${source}.json`;
  if (!existsSync(path)) return {};
  try {
    const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    return typeof json === 'object' && json !== null ? { sidecar: json } : {};
  } catch {
    return {};
  }
}
