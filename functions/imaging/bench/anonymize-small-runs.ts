/** Small-corpus runs: our CLI, gdcmanon (basic and dumb), dcmodify in place and a cp baseline. */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fresh, work } from './anonymize-dirs.ts';
import { DUMB } from './anonymize-tools.ts';
import { type Run, timed } from './timed-run.ts';

/** Runs every tool on the small corpus, passing each run to `small` (which records its figures). */
export function runSmall(
  smallDir: string,
  cert: string,
  keys: string,
  small: (name: string, run: Run) => Run,
) {
  const oursSmall = small(
    'ours',
    timed('node', [
      cli,
      '--in',
      smallDir,
      '--out',
      fresh(join(work, 'ours-small')),
      '--report',
      join(work, 'ours-small.jsonl'),
      '--keys',
      keys,
    ]),
  );
  const gdcmBasicSmall = small(
    'gdcmanonBasic',
    timed('gdcmanon', [
      '-e',
      '--continue',
      '-c',
      cert,
      '-r',
      '-i',
      smallDir,
      '-o',
      fresh(join(work, 'gdcm-basic-small')),
    ]),
  );
  small(
    'gdcmanonDumb',
    timed('gdcmanon', [
      ...DUMB,
      '--continue',
      '-r',
      '-i',
      smallDir,
      '-o',
      fresh(join(work, 'gdcm-dumb-small')),
    ]),
  );
  const dcmodifyDir = fresh(join(work, 'dcmodify-small'));
  execFileSync('cp', ['-r', `${smallDir}/.`, dcmodifyDir]);
  const rels = readdirSync(dcmodifyDir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.dcm'));
  small(
    'dcmodify',
    timed(
      'dcmodify',
      [
        '-nb',
        '-ma',
        '(0010,0010)=ANON',
        '-ma',
        '(0010,0020)=ANON',
        '-ea',
        '(0010,0030)',
        '-ea',
        '(0008,0080)',
        ...rels,
      ],
      dcmodifyDir,
    ),
  );
  const cpSmall = small('cp', timed('cp', ['-r', smallDir, join(fresh(join(work, 'cp-small')), 'x')]));
  return { oursSmall, gdcmBasicSmall, cpSmall };
}
