/**
 * Context boundaries: code of one context (`functions/<a>/…`) reaches another context only through that
 * context's in-process library, `functions/<b>/lib/index.ts`. The platform (`functions/platform/`) and the
 * root manifest files are shared by all. Integration and end-to-end tests that drive several contexts
 * together (a saga across subscriptions and data services) may seed another context's state directly.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FUNCTIONS = dirname(fileURLToPath(import.meta.url));
const SHARED = new Set(['platform']);

const contexts = readdirSync(FUNCTIONS).filter(
  (d) => statSync(join(FUNCTIONS, d)).isDirectory() && !SHARED.has(d),
);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !/\.(int|e2e)\.test\.ts$/.test(name) ? [path] : [];
  });
}

/** Every relative import of one context's files that lands in another context outside its lib/index.ts. */
function crossings(): string[] {
  const found: string[] = [];
  for (const context of contexts)
    for (const file of sources(join(FUNCTIONS, context))) {
      const text = readFileSync(file, 'utf8');
      for (const [, spec] of text.matchAll(/(?:from|import\(?)\s*'(\.[^']+)'/g)) {
        const target = relative(FUNCTIONS, normalize(join(dirname(file), spec as string)));
        const [owner, ...rest] = target.split('/');
        if (!owner || owner === context || SHARED.has(owner) || !contexts.includes(owner)) continue;
        if (rest.join('/') === 'lib/index.ts') continue;
        found.push(`${relative(FUNCTIONS, file)} → ${target}`);
      }
    }
  return found;
}

describe('context boundaries', () => {
  it('no context imports another one except through its lib/index.ts', () => {
    expect(crossings()).toEqual([]);
  });

  it('sees the contexts it guards (a rule over no files would pass vacuously)', () => {
    expect(contexts).toEqual(
      expect.arrayContaining(['centers', 'imaging', 'notifications', 'sagas', 'tokens']),
    );
    expect(sources(join(FUNCTIONS, 'imaging')).length).toBeGreaterThan(20);
  });
});
