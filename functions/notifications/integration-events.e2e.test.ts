/** Other contexts' integration events become notifications: a client's webhook, and one digest mail per upload. */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, clearFirestore, eventually, pubsub, suite, token } from '../../emulators/test/suite.ts';
import { CenterRegisteredV2 } from '../../schemas/centers/v2/center-registered.event.ts';
import { ImageRejectedV1 } from '../../schemas/imaging/v1/image-rejected.event.ts';
import type { MessageData, MessageDef } from '../../schemas/message.ts';
import { NotificationRequestedV1 } from '../../schemas/sagas/v1/notification-requested.event.ts';
import {
  SubscriptionActivatedV1,
  SubscriptionCreatedV1,
} from '../../schemas/subscriptions/v1/subscription.events.ts';
import { topicOf } from '../manifest.ts';
import { db } from '../platform/clients.ts';
import { envelope, toPubsubMessage } from '../platform/messaging/cloudevent.ts';
import { activeKeyring } from '../tokens/lib/index.ts';
import { RECIPIENTS } from './adapters/recipient-directory.ts';

async function publishEvent<M extends MessageDef>(def: M, data: MessageData<M>) {
  const client = pubsub();
  const m = toPubsubMessage(envelope(def, data, { source: '/tests' }));
  await client.topic(topicOf(def.type)).publishMessage({ data: m.data, attributes: m.attributes });
  await client.close();
}

let server: Server;
const hooks: string[] = [];
let hookUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      hooks.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client-hook`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(async () => {
  await clearFirestore();
  await activeKeyring(); // see results.e2e.test.ts: the host's cached keyring needs a seed head to exist
});

describe('notifications from other contexts', () => {
  it("SubscriptionActivated and the saga NotificationRequested reach the owner's registered webhook", async () => {
    const admin = await token(['admin']);
    // Client notifications are addressed to the subscription's owning user, not to its client code.
    const owner = `owner-${randomUUID().slice(0, 8)}`;
    const put = await api('PUT', `/notifications/recipients/client:${owner}`, {
      token: admin,
      body: { channel: 'webhook', to: hookUrl, language: 'en' },
    });
    expect(put.status).toBe(200);
    const subscriptionId = randomUUID();
    await publishEvent(SubscriptionActivatedV1, {
      subscriptionId,
      clientCode: 'ACME-1',
      userId: owner,
      planCode: 'pro',
      activatedAt: new Date().toISOString(),
    });
    const body = await eventually(async () => hooks.find((h) => h.includes(subscriptionId)), 30_000);
    expect(JSON.parse(body)).toMatchObject({
      template: 'subscription-activated',
      subject: 'Subscription activated',
    });

    // The subscription saga's notify step asks by event; a retried step (same id) notifies once. It names the
    // subscription only: the owner comes from SubscriptionCreated (no provisioning, so no saga of its own).
    const sagaId = randomUUID();
    await publishEvent(SubscriptionCreatedV1, {
      subscriptionId: sagaId,
      clientCode: 'ACME-1',
      userId: owner,
      planCode: 'basic',
      planVersion: 1,
      provisioning: [],
      createdAt: new Date().toISOString(),
    });
    const request = {
      notificationId: `${sagaId}~notify-failure`,
      sagaId,
      subscriptionId: sagaId,
      clientCode: 'ACME-1',
      template: 'subscription-failed',
      requestedAt: new Date().toISOString(),
    };
    await publishEvent(NotificationRequestedV1, request);
    await publishEvent(NotificationRequestedV1, request);
    await eventually(
      async () => hooks.find((h) => h.includes(sagaId) && h.includes('subscription-failed')),
      30_000,
    );
    const list = await api('GET', `/notifications?recipient=client:${owner}`, { token: admin });
    expect((list.body as { items: { template: string }[] }).items.map((n) => n.template).sort()).toEqual([
      'subscription-activated',
      'subscription-failed',
    ]);
  });

  it('three rejected images of one upload give the center one digest mail', async () => {
    const centerId = randomUUID();
    const code = `RX-${centerId.slice(0, 6).toUpperCase()}`;
    const contact = `rx-${centerId}@centers.example`;
    await publishEvent(CenterRegisteredV2, {
      centerId,
      code,
      name: 'Radiología X',
      city: 'Cali',
      contactEmail: contact,
      country: 'CO',
      registeredAt: new Date().toISOString(),
    });
    const entry = db().collection(RECIPIENTS).doc(`center:${code}`);
    await eventually(async () => ((await entry.get()).exists ? true : undefined));
    const uploadId = randomUUID();
    for (const reason of ['not-dicom', 'burned-in-text', 'not-dicom'])
      await publishEvent(ImageRejectedV1, {
        imageId: randomUUID(),
        centerCode: code,
        uploadId,
        reason,
        object: `q/${randomUUID()}`,
        rejectedAt: new Date().toISOString(),
      });
    const mails = await eventually(async () => {
      const r = await fetch(`${suite().env.MAIL_API_URL}/messages?to=${encodeURIComponent(contact)}`);
      const items = ((await r.json()) as { items: { id: string }[] }).items;
      return items.length > 0 ? items : undefined;
    }, 40_000);
    expect(mails).toHaveLength(1);
    const mail = (await (await fetch(`${suite().env.MAIL_API_URL}/messages/${mails[0]?.id}`)).json()) as {
      text: string;
    };
    expect(mail.text).toContain(
      `Se rechazaron 3 imágenes de la carga ${uploadId}: burned-in-text, not-dicom.`,
    );
  });
});
