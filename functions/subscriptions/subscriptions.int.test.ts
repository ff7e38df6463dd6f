/**
 * Subscriptions commands through the suite: bad input answers problem+json with the reason, a client sees
 * only their own subscriptions, payments go through the provider (which can decline), and repeated
 * commands have one effect. Sagas are covered in functions/sagas/.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { api, clearFirestore, eventually, token } from '../../emulators/test/suite.ts';
import { SEED_BFF_EXAMPLE } from '../../schemas/subscriptions/v1/seed-bff-subscription.example.ts';
import { db } from '../platform/clients.ts';
import { SUBSCRIPTIONS } from './adapters/subscription.repository.ts';

beforeEach(clearFirestore);

const client = {
  names: 'Ana',
  surnames: 'Ruiz',
  rut: '12.345.678-9',
  cedula: '52000111',
  email: 'ana@r.example',
};
const fields = (body: unknown) =>
  ((body as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field);

/** A BASIC subscription (nothing to provision: ACTIVE at once), visible in the read model. */
async function basic(clientCode = 'C-1') {
  const res = await api('POST', '/subscriptions', {
    token: await token(['client']),
    body: { clientCode, planCode: 'basic', client },
  });
  expect(res.status).toBe(202);
  const location = res.headers.get('location') as string;
  await eventually(async () => {
    const r = await api('GET', location, { token: await token(['client']) });
    return r.status === 200 && (r.body as { status: string }).status === 'ACTIVE' ? true : undefined;
  });
  return location.split('/').pop() as string;
}

const post = async (path: string, body: unknown, roles: ('client' | 'admin')[] = ['client']) =>
  api('POST', path, { token: await token(roles), body });
const view = async (id: string) =>
  (await api('GET', `/subscriptions/${id}`, { token: await token(['admin']) })).body as Record<
    string,
    unknown
  >;

describe('subscriptions: bad input', () => {
  it('404 for an unknown plan, 400 naming the fields of a malformed seed body', async () => {
    const unknown = await post('/subscriptions', { clientCode: 'C-1', planCode: 'gold', client });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(fields(unknown.body)).toEqual(['body.planCode']);
    const seed = await post('/suscripciones/suscripcion-comando', {
      cliente: { codigo: '0001', rut: { numero: '123' }, email: 'not-mail' },
      plan: { codigo: 'pro' },
      facturas: [],
    });
    expect(seed.status).toBe(400);
    expect(fields(seed.body).sort()).toEqual([
      'body.cliente.cedula',
      'body.cliente.email',
      'body.cliente.nombre',
      'body.cliente.rut.numero',
      'body.cliente.usuario',
      'body.plan.nombre',
    ]);
    const seedPlan = await post('/suscripciones/suscripcion-comando', {
      ...SEED_BFF_EXAMPLE,
      plan: { codigo: 'oro', nombre: 'ORO' },
    });
    expect(seedPlan.status).toBe(404);
    expect(fields(seedPlan.body)).toEqual(['body.plan.codigo']);
  });

  it('409 to change to the same plan, 404 to an unknown one; a real change is applied', async () => {
    const id = await basic();
    expect((await post(`/subscriptions/${id}/plan`, { planCode: 'basic' })).status).toBe(409);
    expect((await post(`/subscriptions/${id}/plan`, { planCode: 'gold' })).status).toBe(404);
    expect((await post(`/subscriptions/${id}/plan`, { planCode: 'enterprise' })).status).toBe(202);
    await eventually(async () => ((await view(id)).planCode === 'enterprise' ? true : undefined));
  });

  it('cancel twice → 409; pay a cancelled one → 409; an unknown subscription pays → 404', async () => {
    const id = await basic();
    expect((await post(`/subscriptions/${id}/cancel`, {})).status).toBe(202);
    await eventually(async () => ((await view(id)).status === 'CANCELLED' ? true : undefined));
    const again = await post(`/subscriptions/${id}/cancel`, {});
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ detail: 'the subscription is cancelled' });
    expect((await post(`/subscriptions/${id}/payments`, { paymentMethod: 'pm_card_visa' })).status).toBe(409);
    const stranger = await post('/subscriptions/00000000-0000-4000-8000-000000000000/payments', {
      paymentMethod: 'pm_card_visa',
    });
    expect(stranger.status).toBe(404);
  });

  it("another client's subscription is not found; an admin sees it", async () => {
    const id = await basic();
    const otherClient = await token(['client', 'expert']);
    expect((await api('GET', `/subscriptions/${id}`, { token: otherClient })).status).toBe(404);
    expect((await api('POST', `/subscriptions/${id}/cancel`, { token: otherClient, body: {} })).status).toBe(
      404,
    );
    expect((await view(id)).id).toBe(id);
  });
});

describe('subscriptions: payments, queries, privacy, redelivery', () => {
  it('a declined payment makes it PAST_DUE, a later one ACTIVE with an invoice', async () => {
    const id = await basic();
    expect((await post(`/subscriptions/${id}/payments`, { paymentMethod: 'pm_card_declined' })).status).toBe(
      202,
    );
    await eventually(async () => ((await view(id)).status === 'PAST_DUE' ? true : undefined));
    expect((await post(`/subscriptions/${id}/payments`, { paymentMethod: 'pm_card_visa' })).status).toBe(202);
    const paid = await eventually(async () => {
      const v = await view(id);
      return v.status === 'ACTIVE' && (v.invoices as unknown[]).length === 1 ? v : undefined;
    });
    expect(paid.invoices).toEqual([expect.objectContaining({ amount: { amountMinor: 0, currency: 'COP' } })]);
  });

  it('lists by client code; personal data is only in the write model, protected', async () => {
    const id = await basic('C-LIST');
    const list = await api('GET', '/subscriptions?client=C-LIST', { token: await token(['client']) });
    expect((list.body as { items: { id: string }[] }).items.map((s) => s.id)).toEqual([id]);
    expect(JSON.stringify(list.body)).not.toMatch(/Ana|Ruiz|52000111|ana@r|12\.345/);
    const stored = JSON.stringify((await db().collection(SUBSCRIPTIONS).doc(id).get()).data());
    expect(stored).not.toMatch(/Ana|Ruiz|52000111|ana@r|12\.345/);
    expect(stored).toMatch(/psn:rut:/);
  });

  it('the same command sent twice with one Idempotency-Key is accepted once', async () => {
    const id = await basic();
    const send = async () =>
      api('POST', `/subscriptions/${id}/payments`, {
        token: await token(['client']),
        body: { paymentMethod: 'pm_card_visa' },
        headers: { 'Idempotency-Key': `pay-${id}` },
      });
    const [a, b] = [await send(), await send()];
    expect((a.body as { commandId: string }).commandId).toBe((b.body as { commandId: string }).commandId);
    await eventually(async () => (((await view(id)).invoices as unknown[]).length === 1 ? true : undefined));
    await new Promise((r) => setTimeout(r, 1000));
    expect((await view(id)).invoices).toHaveLength(1);
  });
});
