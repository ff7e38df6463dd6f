/** Compares generated artifacts with a folder of files, and writes them: generated files are never hand-edited. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { Artifacts } from './artifacts.ts';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => name.split(sep).join('/'))
    .sort();
}

/** What differs between `dir` and `expected`: missing, stale (content differs) and unexpected files. */
export function staleFiles(dir: string, expected: Artifacts): string[] {
  const problems: string[] = [];
  for (const [path, content] of expected) {
    const file = join(dir, path);
    const actual = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (actual === undefined) problems.push(`missing ${path}`);
    else if (actual !== content) problems.push(`stale ${path}`);
  }
  for (const path of filesUnder(dir)) if (!expected.has(path)) problems.push(`unexpected ${path}`);
  return problems;
}

/** Makes `dir` hold exactly `artifacts`. */
export function writeArtifacts(dir: string, artifacts: Artifacts): void {
  for (const path of filesUnder(dir)) if (!artifacts.has(path)) rmSync(join(dir, path));
  for (const [path, content] of artifacts) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}
