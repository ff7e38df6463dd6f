/**
 * The console in Chromium for an admin: a RegisterCenter command whose data fails its schema lands in
 * `handle-register-center`'s dead-letter queue; the admin sees it in the page with its type, id and reason,
 * and replays it from there. The replay publishes the message on the function's topic again, without the
 * dead-letter attributes (a tap on the topic sees the same CloudEvent id a second time); its data is still
 * invalid, so the function dead-letters it again, with the same reason.
 */
import { randomUUID } from 'node:crypto';
import type { Message, Subscription } from '@google-cloud/pubsub';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, pubsub, token } from '../emulators/test/suite.ts';
import { envelope, toPubsubMessage } from '../functions/platform/messaging/cloudevent.ts';
import { RegisterCenterV1 } from '../schemas/centers/v1/register-center.command.ts';
import {
  type ConsoleSession,
  chromiumInstalled,
  onScreen,
  openConsole,
  screenshot,
  signInAs,
} from './test/browser-harness.ts';

const FN = 'handle-register-center';
const TOPIC = 'centers.register-center';
let session: ConsoleSession;
let page: Page;
let tap: Subscription;
const seen: Message[] = [];
const call = async (method: string, path: string, body?: unknown) =>
  api(method, path, { token: await token(['admin']), ...(body === undefined ? {} : { body }) });
const poison = envelope(
  RegisterCenterV1,
  {
    centerId: randomUUID(),
    code: 'WEB-DLQ',
    name: 'Clínica',
    city: 'Pasto',
    contactEmail: 'a@b.example',
    requestedBy: 'u-1',
  },
  { source: '/tests', subject: 'web-dlq' },
);

const waiting = async () => {
  const r = await api('GET', `/dead-letters?function=${FN}&pageSize=100`, { token: await token(['admin']) });
  expect(r.status).toBe(200);
  const q = (r.body as { items: { messages: { ceId?: string; reason?: string }[] }[] }).items[0];
  return q?.messages.filter((m) => m.ceId === poison.id) ?? [];
};

describe.skipIf(!chromiumInstalled)('the web console in Chromium: an admin replays a dead letter', () => {
  beforeAll(async () => {
    [tap] = await pubsub().topic(TOPIC).createSubscription(`test-web-dlq-${randomUUID()}`);
    tap.on('message', (m: Message) => {
      if (m.attributes['ce-id'] === poison.id) seen.push(m);
      m.ack();
    });
    const msg = toPubsubMessage(poison);
    const bad = Buffer.from(JSON.stringify({ ...poison.data, contactEmail: 'not-an-email' }));
    await pubsub().topic(TOPIC).publishMessage({ data: bad, attributes: msg.attributes });
    await eventually(async () => ((await waiting()).length === 1 ? true : undefined), 30_000);
    session = await openConsole();
    page = session.page;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await tap?.close();
    await tap?.delete();
  });

  it('shows the dead letter with its reason and replays it from the page', async () => {
    await signInAs(page, session.web.url, ['admin']);
    const nav = await page.$$eval('nav button', (bs) => bs.map((b) => b.textContent));
    await (await page.$$('nav button'))[nav.indexOf('Mensajes fallidos')]?.click();
    const row = `[data-queue="${FN}"] tr[data-ce-id="${poison.id}"]`;
    await page.waitForSelector(row, { timeout: 30_000 });
    const cells = await page.$$eval(`${row} td`, (tds) => tds.map((td) => td.textContent ?? ''));
    expect(cells).toEqual([
      RegisterCenterV1.type,
      poison.id,
      `invalid ${RegisterCenterV1.type} data at: contactEmail`,
    ]);
    await onScreen(page, `[data-replay="${FN}"]`);
    await screenshot(page, 'console-dead-letters');

    await page.click(`[data-replay="${FN}"]`);
    await page.waitForSelector('[data-testid=replay-note]');
    expect(await page.$eval('[data-testid=replay-note]', (e) => e.textContent)).toMatch(
      new RegExp(`^${FN}: [1-9]\\d* reenviados$`),
    );

    // On the topic again, as it was first published (no dead-letter attributes), then dead-lettered again.
    await eventually(async () => (seen.length >= 2 ? true : undefined), 30_000);
    expect(Object.keys(seen[1]?.attributes ?? {}).filter((k) => k.startsWith('deadletter-'))).toEqual([]);
    expect(seen[1]?.data.toString()).toBe(seen[0]?.data.toString());
    const again = await eventually(async () => {
      const w = await waiting();
      return w.length === 1 ? w : undefined;
    }, 30_000);
    expect(again[0]?.reason).toBe(`invalid ${RegisterCenterV1.type} data at: contactEmail`);
  }, 120_000);

  it('edits an expert’s capacity in place, and reads the saga log', async () => {
    await call('PUT', '/experts/console-expert', { capacity: 2, specialties: ['rx'] });
    const [experts] = await page.$$('xpath/.//nav/button[text()="Expertos"]');
    await experts?.click();
    const row = '[data-testid=experts] tr[data-expert="console-expert"]';
    await page.waitForSelector(row);
    await page.$eval(`${row} input[name=capacity]`, (i) => {
      (i as HTMLInputElement).value = '7';
    });
    await page.click(`${row} button[type=submit]`);
    await page.waitForFunction(
      (sel) => document.querySelector(`${sel} td:nth-child(4)`)?.textContent === '7',
      {},
      row,
    );
    const stored = (await call('GET', '/experts')).body as { items: { id: string; capacity: number }[] };
    expect(stored.items.find((x) => x.id === 'console-expert')?.capacity).toBe(7);
    await screenshot(page, 'console-experts');

    const [logs] = await page.$$('xpath/.//nav/button[text()="Registro de sagas"]');
    await logs?.click();
    await page.waitForSelector('[data-testid="table-/saga/logs"]');
    const shown = await page.$$eval('[data-testid="table-/saga/logs"] tbody tr', (rs) => rs.length);
    const listed = ((await call('GET', '/saga/logs')).body as { items: unknown[] }).items.length;
    expect(shown).toBe(listed);
    await onScreen(page, '[data-testid="table-/saga/logs"]');
    await screenshot(page, 'console-saga-logs');
  });

  it('edits plans: step functions offered from the manifest, a bad draft refused in the page, a good one saved', async () => {
    const offered = ((await call('GET', '/saga/plan-steps')).body as { items: { name: string }[] }).items;
    expect(offered.map((s) => s.name)).toContain('saga-notify-client');
    expect(offered.map((s) => s.name)).not.toContain('saga-start');
    // The server refuses a step function the manifest does not offer, naming the field.
    const refused = await call('PUT', '/plans/web-typo', {
      name: 'Typo',
      price: { amountMinor: 0, currency: 'COP' },
      period: 'monthly',
      provisioning: [{ step: 'go', call: 'saga-start', compensate: 'saga-notify-client' }],
    });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('body.provisioning.0.call');

    const [plans] = await page.$$('xpath/.//nav/button[text()="Planes"]');
    await plans?.click();
    await page.waitForSelector('[data-testid=plans] tr[data-plan=pro]');
    const [add] = await page.$$('xpath/.//button[text()="Nuevo plan"]');
    await add?.click();
    await page.type('#plan-code', 'web-plan');
    await page.type('#plan-name', 'Plan web');
    const [addStep] = await page.$$('xpath/.//button[text()="Añadir paso"]');
    await addStep?.click();
    // Not kebab-case, and no compensation chosen: refused before any request, each field named.
    await page.type('[aria-label="Paso 1"]', 'Avisar Cliente');
    await page.click('[data-testid=plan-editor] button[type=submit]');
    const errors = await page.waitForSelector('[data-testid=plan-errors]');
    const text = (await errors?.evaluate((e) => e.textContent)) ?? '';
    expect(text).toContain('body.provisioning.0.step');
    expect(text).toContain('body.provisioning.0.compensate');
    const before = ((await call('GET', '/plans')).body as { items: { code: string }[] }).items;
    expect(before.map((p) => p.code)).not.toContain('web-plan');

    await page.$eval('[aria-label="Paso 1"]', (i) => {
      (i as HTMLInputElement).value = '';
    });
    await page.type('[aria-label="Paso 1"]', 'notify-client');
    await page.select('[aria-label="Función 1"]', 'saga-notify-client');
    await page.select('[aria-label="Compensación 1"]', 'saga-notify-client');
    await page.$eval('[aria-label="Argumentos (JSON) 1"]', (i) => {
      (i as HTMLTextAreaElement).value = '';
    });
    await page.type('[aria-label="Argumentos (JSON) 1"]', '{"template":"subscription-ready"}');
    await page.click('[data-testid=plan-editor] button[type=submit]');
    await page.waitForSelector('[data-testid=plans] tr[data-plan=web-plan]');
    const saved = ((await call('GET', '/plans')).body as { items: { code: string }[] }).items.find(
      (p) => p.code === 'web-plan',
    );
    expect(saved).toMatchObject({
      name: 'Plan web',
      version: 1,
      provisioning: [
        {
          step: 'notify-client',
          call: 'saga-notify-client',
          compensate: 'saga-notify-client',
          args: { template: 'subscription-ready' },
        },
      ],
    });
    await onScreen(page, '[data-testid=plans]');
    await screenshot(page, 'console-plans');
  });
});
