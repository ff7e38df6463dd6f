/**
 * Notifications through the whole suite: UserRegistered → welcome mail in the SMTP sink → receipt → confirmed;
 * webhook retries; bad input; dead-lettering; and a rebuilt read model equal to the live one.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Message } from '@google-cloud/pubsub';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inspectSubscription } from '../../emulators/suite/wiring.ts';
import { api, clearFirestore, eventually, pubsub, suite, token } from '../../emulators/test/suite.ts';
import type { NotificationView } from '../../schemas/notifications/v1/notification.view.ts';
import { deadLetterTopic } from '../manifest.ts';
import { db } from '../platform/clients.ts';
import { NOTIFICATIONS_VIEW } from './adapters/notification.repository.ts';
import { verify } from './channels/hmac-signature.ts';
import { SIGNATURE_HEADER } from './channels/webhook.channel.ts';
import { rebuildProjections } from './rebuild-projections.ts';

interface Mail {
  id: string;
  to: string[];
  subject: string;
  notificationId?: string;
}

const mailbox = async (to: string): Promise<Mail[]> => {
  const res = await fetch(`${suite().env.MAIL_API_URL}/messages?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as { items: Mail[] }).items;
};

/** Waits for the notification's read-model row to reach `status`. */
const settled = (admin: string, id: string, status: string) =>
  eventually(async () => {
    const res = await api('GET', `/notifications/${id}`, { token: admin });
    return res.status === 200 && (res.body as NotificationView).status === status
      ? (res.body as NotificationView)
      : undefined;
  }, 30_000);

const eventTypes = async (admin: string, id: string) =>
  (
    (await api('GET', `/notifications/${id}/events`, { token: admin })).body as { events: { type: string }[] }
  ).events.map((e) => e.type);

let admin: string;
beforeAll(async () => {
  admin = await token(['admin']);
});
beforeEach(clearFirestore);

describe('welcome notification (choreography from UserRegistered)', () => {
  it('POST /users creates the user; its welcome mail reaches the SMTP sink and the receipt confirms it', async () => {
    const email = `welcome-${randomUUID()}@clinic.example`;
    const created = await api('POST', '/users', {
      token: admin,
      body: { email, role: 'client', language: 'en' },
    });
    expect(created.status).toBe(201);
    const uid = (created.body as { uid: string }).uid;

    const [mail] = await eventually(async () => {
      const m = await mailbox(email);
      return m.length > 0 ? m : undefined;
    }, 30_000);
    expect(mail?.subject).toBe('Welcome to SaludTech Alpes');

    const list = await eventually(async () => {
      const res = await api('GET', `/notifications?recipient=user:${uid}&status=confirmed`, { token: admin });
      const items = (res.body as { items: NotificationView[] }).items;
      return items.length === 1 ? items : undefined;
    }, 30_000);
    expect(list[0]).toMatchObject({ template: 'welcome', channel: 'email', attempts: 1, language: 'en' });
    expect(mail?.notificationId).toBe(list[0]?.id);

    const trail = await api('GET', `/notifications/${list[0]?.id}/events`, { token: admin });
    expect((trail.body as { events: { type: string }[] }).events.map((e) => e.type)).toEqual([
      'NotificationRequested',
      'NotificationCreated',
      'NotificationSent',
      'NotificationConfirmed',
    ]);
    // The address is personal data: not in the audit trail, not in the read model, not in the stored events.
    expect(JSON.stringify(trail.body)).not.toContain(email);
    const stored = await db().collectionGroup('events').get();
    expect(JSON.stringify(stored.docs.map((d) => d.data()))).not.toContain(email);
    const rows = await db().collection(NOTIFICATIONS_VIEW).get();
    expect(JSON.stringify(rows.docs.map((d) => d.data()))).not.toContain(email);

    // A second registration of the same e-mail is a conflict; a non-admin cannot register users.
    expect((await api('POST', '/users', { token: admin, body: { email, role: 'client' } })).status).toBe(409);
    expect(
      (await api('POST', '/users', { token: await token(['client']), body: { email, role: 'client' } }))
        .status,
    ).toBe(403);
  });

  it('POST /users names bad fields; GET /me answers who the caller is', async () => {
    const bad = await api('POST', '/users', { token: admin, body: { email: 'nope', role: 'health_center' } });
    expect(bad.status).toBe(400);
    const fields = (bad.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['body.centerId', 'body.email']);
    const me = await api('GET', '/me', { token: await token(['health_center'], 'center-me') });
    expect(me.body).toMatchObject({ roles: ['health_center'], centerId: 'center-me' });
  });

  it('dead-letters a UserRegistered of an unknown version, with the reason', async () => {
    const client = pubsub();
    const sub = client.subscription(inspectSubscription(deadLetterTopic('welcome-registered-user')));
    const found: Message[] = [];
    sub.on('message', (m: Message) => {
      m.ack();
      if (m.attributes['ce-type'] === 'saludtech.identity.user-registered.v9') found.push(m);
    });
    const id = randomUUID();
    await client.topic('identity.events').publishMessage({
      data: Buffer.from(JSON.stringify({ userId: 'u1' })),
      attributes: {
        'ce-specversion': '1.0',
        'ce-id': id,
        'ce-source': '/tests',
        'ce-type': 'saludtech.identity.user-registered.v9',
        'ce-time': new Date().toISOString(),
        'ce-dataschema': 'https://api.saludtech.example/schemas/x.json',
        'ce-correlationid': id,
      },
    });
    const m = await eventually(async () => found[0], 20_000);
    expect(m.attributes['deadletter-reason']).toContain('unknown message type');
    await sub.close();
    await client.close();
  });
});

describe('webhooks and failures', () => {
  let server: Server;
  let hits: { headers: IncomingMessage['headers']; body: string }[] = [];
  let answer = 500;
  let hookUrl: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        hits.push({ headers: req.headers, body });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    hits = [];
  });

  const request = (body: Record<string, unknown>) =>
    api('POST', '/notifications', {
      token: admin,
      body: { recipient: 'adhoc:ops', template: 'notice', values: { code: 'N-1' }, ...body },
    });

  it('a webhook answering 500 is retried with backoff, then failed and dead-lettered: all in the stream', async () => {
    answer = 500;
    const res = await request({ channel: 'webhook', to: hookUrl, maxAttempts: 3 });
    expect(res.status).toBe(201);
    const id = (res.body as { id: string }).id;
    const view = await settled(admin, id, 'dead-lettered');
    expect(view).toMatchObject({ attempts: 3, lastReason: 'http-500' });
    expect(await eventTypes(admin, id)).toEqual([
      'NotificationRequested',
      'NotificationCreated',
      'NotificationFailed',
      'NotificationFailed',
      'NotificationFailed',
      'NotificationDeadLettered',
    ]);
    expect(hits.map((h) => h.headers['x-saludtech-attempt'])).toEqual(['1', '2', '3']);
    const first = hits[0] as (typeof hits)[number];
    const signature = first.headers[SIGNATURE_HEADER.toLowerCase()] as string;
    expect(verify('local-webhook-secret-change-me', signature, first.body)).toBe(true);
  });

  it('a webhook answering 204 is sent and confirmed in one attempt', async () => {
    answer = 204;
    const res = await request({ channel: 'webhook', to: hookUrl });
    const id = (res.body as { id: string }).id;
    await settled(admin, id, 'confirmed');
    expect(await eventTypes(admin, id)).toEqual([
      'NotificationRequested',
      'NotificationCreated',
      'NotificationSent',
      'NotificationConfirmed',
    ]);
  });

  it('rejects an invalid e-mail or webhook URL at creation, naming body.to', async () => {
    for (const [channel, to] of [
      ['email', 'not-an-address'],
      ['webhook', 'ftp://hooks.example/x'],
      ['webhook', 'http://hooks.example/plain-http'],
    ]) {
      const res = await request({ channel, to });
      expect(res.status, to).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['body.to']);
    }
    expect((await db().collection(NOTIFICATIONS_VIEW).get()).size).toBe(0);
  });

  it('a missing template is a recorded failure, not a crash; a mailbox answering 550 fails permanently', async () => {
    const missing = await request({
      channel: 'email',
      to: 'ops@clinic.example',
      template: 'no-such-template',
    });
    expect(missing.status).toBe(201);
    expect(missing.body).toMatchObject({
      status: 'dead-lettered',
      lastReason: 'template-missing',
      attempts: 0,
    });
    const rejected = await request({ channel: 'email', to: 'gone@reject.example' });
    const id = (rejected.body as { id: string }).id;
    expect(await settled(admin, id, 'dead-lettered')).toMatchObject({ lastReason: 'smtp-550', attempts: 1 });
  });

  it('rebuilding the read model from the event store gives the live read model', async () => {
    answer = 204;
    const ids = await Promise.all(
      [hookUrl, hookUrl].map(
        async (to) => ((await request({ channel: 'webhook', to })).body as { id: string }).id,
      ),
    );
    await request({ channel: 'email', to: 'ops@clinic.example', template: 'no-such-template' });
    for (const id of ids) await settled(admin, id, 'confirmed');
    const snapshot = async () =>
      Object.fromEntries((await db().collection(NOTIFICATIONS_VIEW).get()).docs.map((d) => [d.id, d.data()]));
    const live = await snapshot();
    expect(Object.keys(live)).toHaveLength(3);
    // Wipe the read model, rebuild it from events only, compare.
    await Promise.all((await db().collection(NOTIFICATIONS_VIEW).listDocuments()).map((d) => d.delete()));
    expect(await rebuildProjections()).toBe(3);
    expect(await snapshot()).toEqual(live);
  });
});
