/** Every refused tokens request: problem+json with a precise reason, and nothing written. */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, token } from '../../emulators/test/suite.ts';
import { db } from '../platform/clients.ts';
import { retireSeed } from './adapters/seed.repository.ts';
import { TOKEN_VAULT } from './adapters/vault.repository.ts';
import {
  announceCenter,
  detokenizeApi,
  errorFields,
  freshSeeds,
  PURPOSE,
  rotate,
  tokenizeApi,
} from './tokens.test-support.ts';

let v1: number;
const CENTER_A = randomUUID();
beforeAll(async () => {
  v1 = await freshSeeds();
  await announceCenter(CENTER_A, 'TOK-A');
});

const vaultSize = async () => (await db().collection(TOKEN_VAULT).get()).size;

describe('POST /tokens:tokenize refuses', () => {
  it('an unknown field domain, an empty value and a value over 1 KB — and writes none of the batch', async () => {
    const before = await vaultSize();
    const res = await tokenizeApi([
      { field: 'email', value: 'valid@example.org' },
      { field: 'blood_type', value: 'O+' },
      { field: 'cedula', value: '' },
      { field: 'full_name', value: 'x'.repeat(1025) },
    ]);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: expect.stringMatching(/invalid-items$/) });
    expect(errorFields(res.body)).toEqual(['body.items.1.field', 'body.items.2.value', 'body.items.3.value']);
    expect(await vaultSize()).toBe(before);
  });

  it('a batch over 10,000 items', async () => {
    const res = await tokenizeApi(
      Array.from({ length: 10_001 }, (_, i) => ({ field: 'cedula', value: String(i) })),
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      type: expect.stringMatching(/batch-size$/),
      errors: [{ field: 'body.items' }],
    });
  });

  it('a health center naming another center as issuer (403), and a local id without issuer from an admin (400)', async () => {
    const other = await tokenizeApi(
      [{ field: 'patient_id', value: '1', issuer: 'TOK-B' }],
      ['health_center'],
      CENTER_A,
    );
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.body).toMatchObject({ type: expect.stringMatching(/forbidden-issuer$/) });
    expect(errorFields(other.body)).toEqual(['body.items.0.issuer']);
    // Its own center id is no issuer either: the issuer key is the center code.
    const byId = await tokenizeApi(
      [{ field: 'patient_id', value: '1', issuer: CENTER_A }],
      ['health_center'],
      CENTER_A,
    );
    expect(byId.status).toBe(403);
    const missing = await tokenizeApi([{ field: 'patient_id', value: '1' }]);
    expect(missing.status).toBe(400);
    expect(errorFields(missing.body)).toEqual(['body.items.0.issuer']);
  });

  it('keys a health center under its center code: the token an admin gets naming that code', async () => {
    const own = await tokenizeApi([{ field: 'patient_id', value: '1' }], ['health_center'], CENTER_A);
    const named = await tokenizeApi(
      [{ field: 'patient_id', value: '1', issuer: 'TOK-A' }],
      ['health_center'],
      CENTER_A,
    );
    const byAdmin = await tokenizeApi([{ field: 'patient_id', value: '1', issuer: 'TOK-A' }]);
    expect([own.status, named.status, byAdmin.status]).toEqual([200, 200, 200]);
    const tokenOf = (r: { body: unknown }) => (r.body as { tokens: string[] }).tokens[0];
    expect(tokenOf(own)).toBe(tokenOf(byAdmin));
    expect(tokenOf(named)).toBe(tokenOf(byAdmin));
  });

  it('a health center the tokens context does not know yet: 503 with Retry-After, never a fallback key', async () => {
    const res = await tokenizeApi([{ field: 'patient_id', value: '1' }], ['health_center'], randomUUID());
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.body).toMatchObject({ type: expect.stringMatching(/issuer-center-unknown$/), status: 503 });
    const none = await tokenizeApi([{ field: 'cedula', value: '1' }], ['health_center']);
    expect(none.status).toBe(403);
  });

  it('callers without a tokenizing role', async () => {
    expect((await tokenizeApi([{ field: 'cedula', value: '1' }], ['client'])).status).toBe(403);
  });
});

describe('POST /tokens:detokenize refuses', () => {
  it('anyone but a re-identification officer, even an admin', async () => {
    const res = await detokenizeApi({ tokens: ['x'], purpose: PURPOSE }, ['admin']);
    expect(res.status).toBe(403);
  });

  it('a request without a purpose', async () => {
    const res = await detokenizeApi({ tokens: ['rvt:email:v1:x'] });
    expect(res.status).toBe(400);
    expect(errorFields(res.body)).toEqual(['body.purpose']);
  });

  it('a pseudonym: one-way, never reversible', async () => {
    const psn = ((await tokenizeApi([{ field: 'cedula', value: '79.123.456' }])).body as { tokens: string[] })
      .tokens[0];
    const res = await detokenizeApi({ tokens: [psn], purpose: PURPOSE });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      type: expect.stringMatching(/not-reversible$/),
      errors: [{ field: 'body.tokens.0' }],
    });
  });

  it('a tampered token (400), also on GET /tokens/{token}', async () => {
    const rvt = (
      (await tokenizeApi([{ field: 'phone', value: '+57 300 123 4567' }])).body as { tokens: string[] }
    ).tokens[0] as string;
    const tampered = rvt.replace(':phone:', ':email:');
    const res = await detokenizeApi({ tokens: [tampered], purpose: PURPOSE });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: expect.stringMatching(/tampered-token$/) });
    const info = await api('GET', `/tokens/${encodeURIComponent(tampered)}`, {
      token: await token(['admin']),
    });
    expect(info.status).toBe(400);
  });

  it('a token of a retired seed version (409)', async () => {
    const rvt = (
      (await tokenizeApi([{ field: 'email', value: 'retired@example.org' }])).body as { tokens: string[] }
    ).tokens[0] as string;
    await rotate();
    expect(await retireSeed(v1)).toBeUndefined();
    const res = await detokenizeApi({ tokens: [rvt], purpose: PURPOSE });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ type: expect.stringMatching(/seed-retired$/) });
  });
});
