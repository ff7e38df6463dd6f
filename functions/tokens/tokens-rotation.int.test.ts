/** Seed rotation: old tokens keep verifying and revealing, new ones use the new version; caches expire; allocation is race-free. */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, clearFirestore, token } from '../../emulators/test/suite.ts';
import { db } from '../platform/clients.ts';
import { kmsCallCount } from './adapters/kms.adapter.ts';
import { TOKEN_SEEDS } from './adapters/seed.repository.ts';
import { clearKeyringCache, keyringFor, linkageKeyring, openField, sealField } from './lib/index.ts';
import { createKeyringCache } from './lib/keyring-cache.ts';
import { detokenizeApi, freshSeeds, PURPOSE, rotate, tokenizeApi } from './tokens.test-support.ts';

let v1: number;
beforeAll(async () => {
  v1 = await freshSeeds();
});

const items = [
  { field: 'patient_id', value: 'MRN-0042', issuer: 'center-a' },
  { field: 'email', value: 'ana.perez@example.org' },
];

describe('seed rotation', () => {
  it('keeps old tokens verifiable and revealable while new tokens use the new version', async () => {
    const before = await tokenizeApi(items);
    expect(before.status).toBe(200);
    const [oldPsn, oldRvt] = (before.body as { tokens: string[] }).tokens as [string, string];
    expect(oldPsn).toMatch(new RegExp(`^psn:patient_id:v${v1}:`));
    expect(oldRvt).toMatch(new RegExp(`^rvt:email:v${v1}:`));

    const v2 = await rotate();
    expect(v2).toBe(v1 + 1);
    const after = await tokenizeApi(items);
    const [newPsn, newRvt] = (after.body as { tokens: string[] }).tokens as [string, string];
    expect(after.body).toMatchObject({ seedVersion: v2 });
    expect(newPsn).toMatch(new RegExp(`^psn:patient_id:v${v2}:`));
    expect(newRvt).not.toBe(oldRvt);

    // The old pseudonym still verifies: recomputed under the version it names, it is the same token.
    expect((await keyringFor(v1)).pseudonym('patient_id', 'mrn 0042', 'center-a')).toBe(oldPsn);
    const revealed = await detokenizeApi({ tokens: [oldRvt, newRvt], purpose: PURPOSE });
    expect(revealed.status).toBe(200);
    expect(revealed.body).toEqual({
      values: [
        { token: oldRvt, value: 'ana.perez@example.org' },
        { token: newRvt, value: 'ana.perez@example.org' },
      ],
    });
    const info = await api('GET', `/tokens/${oldRvt}`, { token: await token(['admin']) });
    expect(info.body).toMatchObject({
      kind: 'reversible',
      seedVersion: v1,
      seedStatus: 'decrypt-only',
      revealCount: 1,
    });
  });

  it('gives two concurrent rotations two versions, exactly one active, no lost write', async () => {
    const [a, b] = await Promise.all([rotate(), rotate()]);
    expect([a, b].sort((x, y) => x - y)).toEqual([Math.min(a, b), Math.min(a, b) + 1]);
    const seeds = (await db().collection(TOKEN_SEEDS).get()).docs.map((d) => d.data());
    expect(seeds.map((s) => s.version as number).sort((x, y) => x - y)).toEqual(
      [...Array(Math.max(a, b))].map((_, i) => i + 1),
    );
    expect(seeds.filter((s) => s.status === 'active').map((s) => s.version)).toEqual([Math.max(a, b)]);
  });

  it('serves the cached active version until the TTL expires, with one KMS call per version', async () => {
    let now = 0;
    const cache = createKeyringCache({ ttlMs: 60_000, now: () => now });
    const before = (await cache.active()).version;
    const calls = kmsCallCount();
    await Promise.all(Array.from({ length: 50 }, () => cache.active()));
    expect(kmsCallCount()).toBe(calls);
    const next = await rotate(); // made by the function host: this process is a warm instance elsewhere
    expect((await cache.active()).version).toBe(before);
    now += 60_001;
    expect((await cache.active()).version).toBe(next);
    expect(kmsCallCount()).toBe(calls + 1); // one Decrypt for the new version
  });

  it('keeps a patient linked to the version that first saw them, across rotations', async () => {
    clearKeyringCache();
    const first = await linkageKeyring('center-a', 'MRN-77');
    const firstToken = first.pseudonym('patient_id', 'MRN-77', 'center-a');
    const firstOffset = first.dateOffsetDays('center-a', 'MRN-77');
    const active = await rotate();
    clearKeyringCache();
    const again = await linkageKeyring('center-a', 'mrn77');
    expect(again.version).toBe(first.version);
    expect(again.pseudonym('patient_id', 'MRN-77', 'center-a')).toBe(firstToken);
    expect(again.dateOffsetDays('center-a', 'MRN-77')).toBe(firstOffset);
    expect((await linkageKeyring('center-a', 'MRN-78')).version).toBe(active);
  });

  it('opens fields sealed before a rotation; refuses another AAD or a tampered ciphertext', async () => {
    const sealed = await sealField('Hallazgo incidental: nódulo pulmonar 6 mm', 'results/r1/findings');
    expect(JSON.stringify(sealed)).not.toContain('nódulo');
    await rotate();
    clearKeyringCache();
    expect(await openField(sealed, 'results/r1/findings')).toBe('Hallazgo incidental: nódulo pulmonar 6 mm');
    await expect(openField(sealed, 'results/r2/findings')).rejects.toThrow(/cannot be opened/);
    const ct = `${sealed.ct.startsWith('A') ? 'B' : 'A'}${sealed.ct.slice(1)}`;
    await expect(openField({ ...sealed, ct }, 'results/r1/findings')).rejects.toThrow(/cannot be opened/);
  });

  it('bootstraps exactly one version 1 when several callers find no seed at once', async () => {
    await clearFirestore();
    const caches = [0, 1, 2].map(() => createKeyringCache({ ttlMs: 60_000 }));
    const rings = await Promise.all(caches.map((c) => c.active()));
    expect(rings.map((r) => r.version)).toEqual([1, 1, 1]);
    expect((await db().collection(TOKEN_SEEDS).get()).size).toBe(1);
    expect(rings[0]?.pseudonym('cedula', '1')).toBe(rings[2]?.pseudonym('cedula', '1'));
    await freshSeeds(); // leave the host and this process agreeing again
  });
});
