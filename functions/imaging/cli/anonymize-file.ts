/** Anonymizes one file of the CLI's input tree into the output tree; a rejected file leaves nothing behind. */
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
  writevSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { keyringFromSeed } from '../../tokens/lib/index.ts';
import { pixelCleaner } from '../adapters/pixels/pixel-cleaner.ts';
import {
  type AnonymizeContext,
  anonymizeBuffer,
  anonymizeFile,
  DEFAULT_OPTIONS,
} from '../domain/anonymizer.ts';

export interface FileJobConfig {
  inDir: string;
  outDir: string;
  seed: string;
  keyVersion: number;
  issuer: string;
  maxBytes: number;
  maxDepth: number;
  /** Clean Pixel Data (OCR and redaction) on images at burned-in risk; without it they are held. */
  cleanPixels?: boolean;
}

/** One line of the CLI report: what became of a file, and for a refusal its reason and a PHI-free detail. */
export interface ReportLine {
  path: string;
  status: 'anonymized' | 'held' | 'rejected';
  reason?: string;
  detail?: string;
}

/** The report line of an outcome that was not published (held for review or refused). */
const unpublished = (
  path: string,
  outcome: { status: 'held' | 'rejected'; reason: string; detail: string },
): ReportLine => ({ path, status: outcome.status, reason: outcome.reason, detail: outcome.detail });

/** Builds the per-thread runner: the keyring is derived once and reused for every file. */
export function fileRunner(
  config: FileJobConfig,
): (rel: string, hasSidecar?: boolean) => Promise<ReportLine> {
  const keyring = keyringFromSeed(Buffer.from(config.seed, 'base64'), config.keyVersion);
  const scratch = { buf: Buffer.allocUnsafe(256 * 1024) };
  let busy = false;
  return async (rel, hasSidecar = false) => {
    // One file at a time: the read buffer is reused (see readSmall).
    if (busy) throw new Error('fileRunner runs one file at a time');
    busy = true;
    try {
      return await runOne(rel, hasSidecar);
    } finally {
      busy = false;
    }
  };

  async function runOne(rel: string, hasSidecar: boolean): Promise<ReportLine> {
    const source = join(config.inDir, rel);
    const target = join(config.outDir, rel);
    const ctx: AnonymizeContext = {
      keyring,
      issuer: config.issuer,
      options: DEFAULT_OPTIONS,
      limits: { maxBytes: config.maxBytes, maxDepth: config.maxDepth },
      // The report carries no digest: hashing every output byte would be wasted work here.
      hash: false,
      ...(config.cleanPixels ? { pixels: pixelCleaner } : {}),
      ...(hasSidecar ? sidecarOf(source) : {}),
    };
    const whole = readSmall(source, scratch);
    if (whole) {
      // Small files: one read, de-identified in memory, one write; nothing touches --out unless safe.
      const { outcome, chunks } = await anonymizeBuffer(whole, ctx);
      if (outcome.status !== 'anonymized') return unpublished(rel, outcome);
      ensureDirSync(dirname(target));
      const fd = openSync(target, 'w');
      try {
        writevSync(fd, chunks);
      } finally {
        closeSync(fd);
      }
      return { path: rel, status: 'anonymized' };
    }
    return streamFile(rel, source, target, ctx);
  }
}

/**
 * Big files are read in place and written synchronously to a partial file, renamed into place only
 * once safe: the pixel data goes through one reused buffer, with no allocation or stream per chunk.
 */
async function streamFile(
  rel: string,
  source: string,
  target: string,
  ctx: AnonymizeContext,
): Promise<ReportLine> {
  ensureDirSync(dirname(target));
  const partial = `${target}.partial-${process.pid}`;
  const inFd = openSync(source, 'r');
  const outFd = openSync(partial, 'w');
  let safe = false;
  try {
    const outcome = await anonymizeFile(
      { readAt: (b, position) => readSync(inFd, b, 0, b.length, position) },
      (chunk) => writeAll(outFd, chunk),
      ctx,
    );
    if (outcome.status !== 'anonymized') return unpublished(rel, outcome);
    safe = true;
    return { path: rel, status: 'anonymized' };
  } finally {
    closeSync(inFd);
    closeSync(outFd);
    if (safe) renameSync(partial, target);
    else rmSync(partial, { force: true });
  }
}

function writeAll(fd: number, chunk: Buffer): void {
  for (let at = 0; at < chunk.length; ) at += writeSync(fd, chunk, at, chunk.length - at);
}

/** Files up to this size are read and written whole; larger ones are streamed. */
const IN_MEMORY = 8 * 1024 * 1024;

/**
 * The whole file when it is small (open, fstat, one read: synchronous, each lane is its own thread),
 * read into one buffer reused from file to file: the runner handles one file at a time and every
 * view on it (output chunks) is written before the next read.
 */
function readSmall(path: string, scratch: { buf: Buffer }): Buffer | undefined {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > IN_MEMORY) return undefined;
    if (scratch.buf.length < size) scratch.buf = Buffer.allocUnsafe(Math.max(size, scratch.buf.length * 2));
    let have = 0;
    while (have < size) {
      const n = readSync(fd, scratch.buf, have, size - have, have);
      if (n === 0) break;
      have += n;
    }
    return scratch.buf.subarray(0, have);
  } finally {
    closeSync(fd);
  }
}
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
