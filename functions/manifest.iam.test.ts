/** The least-privilege map: only known contexts, buckets and keys; the KEK only where seeds are unwrapped. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUCKETS, bucketRoles, contextGrants, grantsFor, kmsRoles } from './manifest.iam.ts';
import { entries, workflows } from './manifest.ts';

const contexts = new Set([
  ...entries().map((e) => e.context),
  ...Object.values(workflows).map((w) => w.context),
]);
const PRIMITIVE = /^roles\/(owner|editor|viewer)$/;

describe('manifest.iam', () => {
  it('names only contexts of the manifest', () => {
    for (const c of Object.keys(contextGrants)) expect(contexts, c).toContain(c);
  });

  it('lets exactly the contexts that unwrap seeds use the token KEK: tokens, and those using its library', () => {
    // The tokens library (tokenize, seal/open) unwraps seeds with the KEK inside the caller's process.
    const usesTokensLib = (context: string) =>
      (readdirSync(join('functions', context), { recursive: true }) as string[])
        .filter((f) => f.endsWith('.ts') && !/\.(test|int\.test|e2e\.test|bench)\.ts$/.test(f))
        .some((f) => readFileSync(join('functions', context, f), 'utf8').includes('/tokens/lib/'));
    const expected = [...contexts].filter((c) => c === 'tokens' || usesTokensLib(c));
    const kekUsers = Object.keys(contextGrants).filter((c) => grantsFor(c).kms?.includes('token-kek'));
    expect(kekUsers.sort()).toEqual(expected.sort());
    expect(expected).not.toContain('centers');
  });

  it('grants buckets only to contexts that need them, and the quarantine bucket to imaging alone', () => {
    for (const c of contexts)
      for (const b of Object.keys(grantsFor(c).buckets ?? {}))
        expect(BUCKETS as readonly string[]).toContain(b);
    const quarantine = [...contexts].filter((c) => grantsFor(c).buckets?.quarantine);
    expect(quarantine).toEqual(['imaging']);
    // Quarantine review reads kept originals back into ingest and deletes them once reprocessed or discarded.
    expect(grantsFor('imaging').buckets?.quarantine).toBe('read-write-delete');
  });

  it('never maps to a primitive role, and every extra project role says why', () => {
    const roles = [
      ...Object.values(bucketRoles).flat(),
      ...Object.values(kmsRoles),
      ...Object.values(contextGrants).flatMap((g) => (g.projectRoles ?? []).map((r) => r.role)),
    ];
    for (const role of roles) expect(role).not.toMatch(PRIMITIVE);
    for (const g of Object.values(contextGrants))
      for (const r of g.projectRoles ?? []) expect(r.why.length).toBeGreaterThan(10);
  });

  it('gives an unlisted context the implied grants only', () => {
    expect(grantsFor('a-context-added-tomorrow')).toEqual({});
  });

  it('lists only topics of the manifest as cross-context publishing targets', async () => {
    const { topics } = await import('./manifest.ts');
    for (const g of Object.values(contextGrants))
      for (const t of g.publishesTo ?? []) expect(Object.keys(topics)).toContain(t);
  });
});
