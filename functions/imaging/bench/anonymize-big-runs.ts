/** Big-file runs: our CLI, gdcmanon (basic and dumb) and cp on the multi-frame file; our CLI on the 1 GB file. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { bigFile, GIB_FRAMES } from './anonymize-corpus.ts';
import { cli, corpus, fresh, work } from './anonymize-dirs.ts';
import { DUMB } from './anonymize-tools.ts';
import { type Run, timed } from './timed-run.ts';

/** Runs every tool on the big multi-frame file, passing each run to `big` (which records its figures). */
export function runBig(bigDir: string, cert: string, keys: string, big: (name: string, run: Run) => Run) {
  const oursBig = big(
    'ours',
    timed('node', [
      cli,
      '--in',
      bigDir,
      '--out',
      fresh(join(work, 'ours-big')),
      '--keys',
      keys,
      '--workers',
      '1',
    ]),
  );
  const gdcmBasicBig = big(
    'gdcmanonBasic',
    timed('gdcmanon', [
      '-e',
      '-c',
      cert,
      '-i',
      join(bigDir, 'multiframe.dcm'),
      '-o',
      join(fresh(join(work, 'gdcm-basic-big')), 'out.dcm'),
    ]),
  );
  big(
    'gdcmanonDumb',
    timed('gdcmanon', [
      ...DUMB,
      '-i',
      join(bigDir, 'multiframe.dcm'),
      '-o',
      join(fresh(join(work, 'gdcm-dumb-big')), 'out.dcm'),
    ]),
  );
  const cpBig = big(
    'cp',
    timed('cp', [join(bigDir, 'multiframe.dcm'), join(fresh(join(work, 'cp-big')), 'out.dcm')]),
  );
  return { oursBig, gdcmBasicBig, cpBig };
}

/** Writes (once) the ≈ 1 GB file and runs our CLI on it; the output is deleted straight away. */
export function runGib(keys: string, frames = GIB_FRAMES): { oursGib: Run; gibBytes: number } {
  const gibDir = join(corpus, frames === GIB_FRAMES ? 'gib' : `gib-${frames}`);
  const gibBytes = bigFile(join(gibDir, 'gib.dcm'), frames);
  const oursGib = timed('node', [
    cli,
    '--in',
    gibDir,
    '--out',
    fresh(join(work, 'ours-gib')),
    '--keys',
    keys,
    '--workers',
    '1',
  ]);
  rmSync(join(work, 'ours-gib'), { recursive: true, force: true });
  return { oursGib, gibBytes };
}
