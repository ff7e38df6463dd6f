// Installs the locked dependencies when node_modules is missing or older than the lockfile. Plain JS: it runs
// before any dependency exists. `npm start` imports it; `npm test` runs it as its first step.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** True when `npm ci` has to run: no install yet, or the lockfile changed since the last one. */
export function installIsStale() {
  const installed = `${root}node_modules/.package-lock.json`;
  return !existsSync(installed) || statSync(installed).mtimeMs < statSync(`${root}package-lock.json`).mtimeMs;
}

/** Runs `npm ci` (registry only) when the install is stale; exits with npm's code when it fails. */
export function ensureInstalled() {
  if (!installIsStale()) return;
  console.log('installing dependencies (npm ci)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureInstalled();
