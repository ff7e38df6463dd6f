/** End to end through the local suite: HTTP → command topic → push → handler → Firestore → event → projection → query. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { api, clearFirestore, eventually, suite, token } from '../../emulators/test/suite.ts';

const body = (code: string, name = `Centro ${code}`) => ({
  code,
  name,
  city: 'Medellín',
  contactEmail: `img@${code.toLowerCase()}.example`,
});

async function registered(adminToken: string, code: string, name?: string) {
  const res = await api('POST', '/centers', { token: adminToken, body: body(code, name) });
  expect(res.status).toBe(202);
  const location = res.headers.get('location') as string;
  const view = await eventually(async () => {
    const r = await api('GET', location, { token: adminToken });
    return r.status === 200 ? r.body : undefined;
  });
  return { location, view: view as Record<string, unknown> };
}

describe('registering a health center, end to end', () => {
  beforeEach(clearFirestore);

  it('accepts the command with 202 + Location, and the center becomes readable', async () => {
    const admin = await token(['admin']);
    const { location, view } = await registered(admin, 'HSJ-BOG', 'Hospital San José');
    expect(location).toMatch(/^\/centers\/[0-9a-f-]{36}$/);
    expect(view).toMatchObject({ code: 'HSJ-BOG', name: 'Hospital San José', city: 'Medellín', version: 1 });
  });

  it('lists centers by code, a page at a time', async () => {
    const admin = await token(['admin']);
    for (const code of ['C-03', 'C-01', 'C-02']) await registered(admin, code);
    const first = await api('GET', '/centers?pageSize=2', { token: admin });
    expect(first.status).toBe(200);
    const page1 = first.body as { items: { code: string }[]; nextPageToken: string };
    expect(page1.items.map((c) => c.code)).toEqual(['C-01', 'C-02']);
    const second = await api('GET', `/centers?pageSize=2&pageToken=${page1.nextPageToken}`, { token: admin });
    expect(second.body).toEqual({ items: [expect.objectContaining({ code: 'C-03' })] });
  });

  it('answers a repeated Idempotency-Key with the first answer and registers once', async () => {
    const admin = await token(['admin']);
    const send = () =>
      api('POST', '/centers', { token: admin, body: body('IDEM-1'), headers: { 'Idempotency-Key': 'k-1' } });
    const a = await send();
    const b = await send();
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(b.body).toEqual(a.body);
    await eventually(async () =>
      (await api('GET', a.headers.get('location') as string, { token: admin })).status === 200
        ? true
        : undefined,
    );
    const list = await api('GET', '/centers', { token: admin });
    expect((list.body as { items: unknown[] }).items).toHaveLength(1);
    const reused = await api('POST', '/centers', {
      token: admin,
      body: body('IDEM-2'),
      headers: { 'Idempotency-Key': 'k-1' },
    });
    expect(reused.status).toBe(422);
  });

  it('lets a health center read its own center only', async () => {
    const admin = await token(['admin']);
    const { view } = await registered(admin, 'OWN-1');
    const other = await registered(admin, 'OTHER-1');
    const center = await token(['health_center'], view.id as string);
    expect((await api('GET', `/centers/${view.id}`, { token: center })).status).toBe(200);
    expect((await api('GET', other.location, { token: center })).status).toBe(403);
  });

  it('writes logs with ids only: the center name planted as a canary never appears', async () => {
    const admin = await token(['admin']);
    const canary = 'Canary Clinic 7f3e9';
    await registered(admin, 'CANARY-1', canary);
    const logs = readFileSync(join(suite().stateDir, 'logs', 'function-host.log'), 'utf8');
    expect(logs).toContain('message processed');
    expect(logs).not.toContain(canary);
    expect(logs).not.toContain('img@canary-1.example');
  });
});
