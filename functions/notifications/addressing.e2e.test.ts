/**
 * Who notifications reach, through the whole suite: a client's notifications go to the subscription's owner even
 * when its client code names another user's uid; old events with no owner are recorded, not guessed; and a
 * center's users read their center's rejection digest while another center's users cannot.
 */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ensureUser, signIn } from '../../emulators/auth/users.ts';
import { api, clearFirestore, eventually, pubsub, suite, token } from '../../emulators/test/suite.ts';
import { CenterRegisteredV2 } from '../../schemas/centers/v2/center-registered.event.ts';
import { DataServiceStartedV1 } from '../../schemas/data-services/v1/data-service.events.ts';
import { ImageRejectedV1 } from '../../schemas/imaging/v1/image-rejected.event.ts';
import type { MessageData, MessageDef } from '../../schemas/message.ts';
import type { NotificationView } from '../../schemas/notifications/v1/notification.view.ts';
import {
  SubscriptionCancelledV1,
  SubscriptionCreatedV1,
} from '../../schemas/subscriptions/v1/subscription.events.ts';
import { topicOf } from '../manifest.ts';
import { db } from '../platform/clients.ts';
import { envelope, toPubsubMessage } from '../platform/messaging/cloudevent.ts';
import { activeKeyring } from '../tokens/lib/index.ts';
import { CENTER_CODES } from './adapters/center-codes.ts';
import { UNDELIVERABLE } from './adapters/undeliverable.ts';

interface Mail {
  id: string;
  subject: string;
  notificationId?: string;
}
const mailbox = async (to: string): Promise<Mail[]> => {
  const res = await fetch(`${suite().env.MAIL_API_URL}/messages?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as { items: Mail[] }).items;
};
const items = (body: unknown) => (body as { items: NotificationView[] }).items;

/** A distinct Identity Platform user (the suite's `token()` shares one user per role set). */
async function user(name: string) {
  const email = `${name}-${randomUUID().slice(0, 8)}@clients.example`;
  const s = suite();
  const uid = await ensureUser(s.projectId, { email, roles: ['client'] });
  return { email, uid, token: await signIn(s.env.FIREBASE_AUTH_EMULATOR_HOST as string, email) };
}

async function publishEvent<M extends MessageDef>(def: M, data: MessageData<M>) {
  const client = pubsub();
  const m = toPubsubMessage(envelope(def, data, { source: '/tests' }));
  await client.topic(topicOf(def.type)).publishMessage({ data: m.data, attributes: m.attributes });
  await client.close();
}

const created = (subscriptionId: string, userId?: string) => ({
  subscriptionId,
  clientCode: 'OLD-1',
  ...(userId ? { userId } : {}),
  planCode: 'basic',
  planVersion: 1,
  provisioning: [],
  createdAt: new Date().toISOString(),
});

beforeEach(async () => {
  await clearFirestore();
  await activeKeyring(); // see results.e2e.test.ts: the host's cached keyring needs a seed head to exist
});

describe('client notifications reach the subscription owner', () => {
  it('a PRO subscription whose client code is another user’s uid: the owner gets every mail, that user none', async () => {
    const admin = await token(['admin']);
    const owner = await user('owner');
    const victim = await user('victim');
    expect((await api('PUT', '/experts/e-addressing', { token: admin, body: { capacity: 1 } })).status).toBe(
      200,
    );
    const res = await api('POST', '/subscriptions', {
      token: owner.token,
      body: {
        clientCode: victim.uid,
        planCode: 'pro',
        client: { names: 'Ana', surnames: 'Ruiz', rut: '1-9', cedula: '52000111', email: 'ana@r.example' },
      },
    });
    expect(res.status).toBe(202);
    const subscriptionId = (res.headers.get('location') as string).split('/').pop() as string;
    const sub = await eventually(async () => {
      const r = await api('GET', `/subscriptions/${subscriptionId}`, { token: owner.token });
      return r.status === 200 ? r.body : undefined;
    });
    expect(sub).toMatchObject({ clientCode: victim.uid });

    // SubscriptionActivated carries the owner; DataServiceStarted and the saga's NotificationRequested name only
    // the subscription, so they reach the owner through this context's capture of SubscriptionCreated.
    const want = ['data-service-started', 'subscription-activated', 'subscription-ready'];
    const mine = await eventually(async () => {
      const r = await api('GET', `/notifications?recipient=client:${owner.uid}&status=confirmed`, {
        token: owner.token,
      });
      const got = items(r.body);
      return got.length === want.length ? got : undefined;
    }, 50_000);
    expect(mine.map((n) => n.template).sort()).toEqual(want);
    const mails = await eventually(async () => {
      const m = await mailbox(owner.email);
      return m.length === want.length ? m : undefined;
    });
    expect(mails.map((m) => m.notificationId).sort()).toEqual(mine.map((n) => n.id).sort());

    expect(await mailbox(victim.email)).toEqual([]);
    const forVictim = await api('GET', `/notifications?recipient=client:${victim.uid}`, { token: admin });
    expect(items(forVictim.body)).toEqual([]);
    const all = items((await api('GET', '/notifications', { token: admin })).body);
    expect(all.map((n) => n.recipientId).join(' ')).not.toContain(victim.uid);
  });

  it('an event ahead of its SubscriptionCreated is retried until the owner is known, then delivered', async () => {
    const owner = await user('late');
    const subscriptionId = randomUUID();
    await publishEvent(DataServiceStartedV1, {
      dataServiceId: `ds-${subscriptionId}`,
      subscriptionId,
      imageCount: 0,
      startedAt: new Date().toISOString(),
    });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await mailbox(owner.email)).toEqual([]);
    await publishEvent(SubscriptionCreatedV1, created(subscriptionId, owner.uid));
    const [mail] = await eventually(async () => {
      const m = await mailbox(owner.email);
      return m.length > 0 ? m : undefined;
    }, 45_000);
    expect(mail?.subject).toBe('Servicio de datos iniciado');
  });

  it('events of a subscription created before events named the owner are recorded undeliverable, never mailed', async () => {
    const subscriptionId = randomUUID();
    await publishEvent(SubscriptionCreatedV1, created(subscriptionId));
    await publishEvent(SubscriptionCancelledV1, {
      subscriptionId,
      clientCode: 'OLD-1',
      reason: 'client-request',
      cancelledAt: new Date().toISOString(),
    });
    const record = await eventually(async () => {
      const snap = await db().collection(UNDELIVERABLE).where('subject', '==', subscriptionId).get();
      return snap.empty ? undefined : snap.docs[0]?.data();
    }, 30_000);
    expect(record).toMatchObject({
      reason: 'subscription-owner-unknown',
      cause: { type: SubscriptionCancelledV1.type },
      subject: subscriptionId,
    });
    const admin = await token(['admin']);
    expect(items((await api('GET', '/notifications', { token: admin })).body)).toEqual([]);
  });
});

describe("a center's users read their center's notifications", () => {
  const register = async (centerId: string, code: string) => {
    await publishEvent(CenterRegisteredV2, {
      centerId,
      code,
      name: `Centro ${code}`,
      city: 'Cali',
      contactEmail: `${code.toLowerCase()}@centers.example`,
      country: 'CO',
      registeredAt: new Date().toISOString(),
    });
  };

  it('the rejection digest (addressed by code) is read by its center’s user, and by no other center’s', async () => {
    const [idA, idB] = [randomUUID(), randomUUID()];
    const [codeA, codeB] = [`CA-${idA.slice(0, 6)}`.toUpperCase(), `CB-${idB.slice(0, 6)}`.toUpperCase()];
    await register(idA, codeA);
    await register(idB, codeB);
    const userA = await token(['health_center'], idA);
    const userB = await token(['health_center'], idB);
    // The digest of one upload of center A.
    const uploadId = randomUUID();
    await eventually(async () =>
      (await db().collection(CENTER_CODES).doc(idA).get()).exists ? true : undefined,
    );
    await publishEvent(ImageRejectedV1, {
      imageId: randomUUID(),
      centerCode: codeA,
      uploadId,
      reason: 'not-dicom',
      object: `q/${randomUUID()}`,
      rejectedAt: new Date().toISOString(),
    });
    const [digest] = await eventually(async () => {
      const r = await api('GET', `/notifications?recipient=center:${codeA}`, { token: userA });
      return r.status === 200 && items(r.body).length > 0 ? items(r.body) : undefined;
    }, 30_000);
    expect(digest).toMatchObject({ template: 'images-rejected', recipientId: `center:${codeA}` });
    const id = (digest as NotificationView).id;
    expect((await api('GET', `/notifications/${id}`, { token: userA })).status).toBe(200);

    // Center B's user: not found by id, forbidden to list A's, and its own list is empty.
    expect((await api('GET', `/notifications/${id}`, { token: userB })).status).toBe(404);
    expect((await api('GET', `/notifications?recipient=center:${codeA}`, { token: userB })).status).toBe(403);
    const own = await api('GET', `/notifications?recipient=center:${codeB}`, { token: userB });
    expect(own.status).toBe(200);
    expect(items(own.body)).toEqual([]);
    // A client (no center) cannot read it either.
    expect((await api('GET', `/notifications/${id}`, { token: await token(['client']) })).status).toBe(404);
  });
});
