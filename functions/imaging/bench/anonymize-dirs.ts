/** Directories of the anonymize benchmark: repo root, kept corpus, scratch work dir and the compiled CLI. */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../../..', import.meta.url).pathname;
export const corpus = join(root, '.local/bench-corpus/anonymize');
export const work = join(root, '.local/bench-work/anonymize');
export const cli = join(root, 'dist/functions/imaging/cli/anonymize.cli.js');

/** Empties (or creates) `dir` and returns it. */
export const fresh = (dir: string) => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
};

/** Deletes the run outputs (~1.5 GB), keeping the certificate and the JSONL reports. */
export function cleanWork(): void {
  for (const d of readdirSync(work))
    if (d !== 'cert' && !d.endsWith('.jsonl')) rmSync(join(work, d), { recursive: true, force: true });
}
