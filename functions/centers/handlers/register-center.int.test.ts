/** POST /centers refuses bad input with problem+json naming what is wrong, and loses nothing. */
import { beforeEach, describe, expect, it } from 'vitest';
import { api, clearFirestore, eventually, token } from '../../../emulators/test/suite.ts';

const valid = { code: 'HSV-CAL', name: 'Hospital San Vicente', city: 'Cali', contactEmail: 'rx@hsv.example' };

const fields = (body: unknown) =>
  ((body as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field);

describe('POST /centers rejects bad input', () => {
  beforeEach(clearFirestore);

  it('401 without a token, or with a forged one', async () => {
    const none = await api('POST', '/centers', { body: valid });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect((await api('POST', '/centers', { body: valid, token: 'not-a-jwt' })).status).toBe(401);
  });

  it('403 for a role other than admin', async () => {
    const res = await api('POST', '/centers', { body: valid, token: await token(['client']) });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ status: 403, detail: 'requires one of the roles: admin' });
  });

  it('400 naming missing, mistyped and unknown fields', async () => {
    const res = await api('POST', '/centers', {
      token: await token(['admin']),
      body: { code: 'bad code', name: 7, city: 'Cali', extra: true },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(fields(res.body).sort()).toEqual(['body.code', 'body.contactEmail', 'body.extra', 'body.name']);
  });

  it('400 for malformed JSON, 415 for another media type', async () => {
    const admin = await token(['admin']);
    const broken = await api('POST', '/centers', {
      token: admin,
      body: '{"code": "A',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toContain('application/problem+json');
    const text = await api('POST', '/centers', {
      token: admin,
      body: 'code=A',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(text.status).toBe(415);
  });

  it('413 for a body over 1 MB', async () => {
    const res = await api('POST', '/centers', {
      token: await token(['admin']),
      body: { ...valid, name: 'x'.repeat(1_100_000) },
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ status: 413 });
  });

  it('409 for a code that is already registered, while the first registration stands', async () => {
    const admin = await token(['admin']);
    const first = await api('POST', '/centers', { token: admin, body: valid });
    expect(first.status).toBe(202);
    const again = await api('POST', '/centers', { token: admin, body: { ...valid, name: 'Otro nombre' } });
    expect(again.status).toBe(409);
    expect(fields(again.body)).toEqual(['body.code']);
    const view = await eventually(async () => {
      const r = await api('GET', first.headers.get('location') as string, { token: admin });
      return r.status === 200 ? r.body : undefined;
    });
    expect(view).toMatchObject({ name: 'Hospital San Vicente' });
  });

  it('404 for an unknown center and for an id that cannot be one', async () => {
    const admin = await token(['admin']);
    expect((await api('GET', '/centers/00000000-0000-4000-8000-000000000000', { token: admin })).status).toBe(
      404,
    );
    expect((await api('GET', '/centers/not-an-id', { token: admin })).status).toBe(404);
  });
});
