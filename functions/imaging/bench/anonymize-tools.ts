/** Tool prerequisites for the anonymize benchmark (built CLI, gdcmanon certificate) and gdcmanon's dumb-mode arguments. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root, work } from './anonymize-dirs.ts';

/** Builds dist/ so the compiled CLI exists. */
export function ensureBuilt(): void {
  console.log('  building dist/ (tsc -p tsconfig.build.json)…');
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'ignore' });
  if (build.status !== 0) throw new Error(`the build failed (exit ${build.status}): run npm run build`);
  if (!existsSync(cli))
    throw new Error('dist/functions/imaging/cli/anonymize.cli.js missing after the build');
}

/** A self-signed certificate for gdcmanon's basic-profile mode (kept between runs). */
export function certificate(): string {
  const dir = join(work, 'cert');
  const cert = join(dir, 'cert.pem');
  if (!existsSync(cert)) {
    mkdirSync(dir, { recursive: true });
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=bench',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
  }
  return cert;
}

/** gdcmanon --dumb arguments approximating a minimal de-identification. */
export const DUMB = [
  '--dumb',
  '--empty',
  '10,10',
  '--replace',
  '10,20=ANON',
  '--remove',
  '10,30',
  '--remove',
  '8,80',
  '--remove',
  '8,90',
  '--remove',
  '20,4000',
];
