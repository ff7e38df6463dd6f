/**
 * The subscription saga through the whole local suite: seed route → CreateSubscription → SubscriptionCreated
 * on Pub/Sub → Eventarc (Workflows stand-in) → the saga YAML → step functions → ACTIVE, or FAILED with every
 * completed step compensated and a saga log that says exactly what happened.
 */
import { randomUUID } from 'node:crypto';
import type { Message, PubSub, Subscription } from '@google-cloud/pubsub';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, clearFirestore, eventually, pubsub, suite, token } from '../../emulators/test/suite.ts';
import { ImageAnonymizedV1 } from '../../schemas/imaging/v1/image-anonymized.event.ts';
import { CreateSubscriptionV1 } from '../../schemas/subscriptions/v1/create-subscription.command.ts';
import { DATA_SERVICES_IMAGES } from '../data-services/adapters/image-catalogue.port.ts';
import { workflows } from '../manifest.ts';
import { db } from '../platform/clients.ts';
import { envelope, toPubsubMessage } from '../platform/messaging/cloudevent.ts';
import { TEST_FAULTS } from '../platform/saga/faults.ts';
import { SAGA_DEAD_LETTER } from './handlers/saga-start.handler.ts';
import {
  DUMMY_SEALED,
  invariantProblems,
  prng,
  randomFault,
  seatsHeld,
  seedExperts,
} from './testing/saga-invariant.ts';

let client: PubSub;
let tap: Subscription;
const created = new Map<string, Message>();

/** Keeps every SubscriptionCreated, to deliver it again. */
beforeAll(async () => {
  client = pubsub();
  [tap] = await client.topic('subscriptions.events').createSubscription(`test-saga-tap-${randomUUID()}`);
  tap.on('message', (m: Message) => {
    m.ack();
    if (m.attributes['ce-type'] === 'saludtech.subscriptions.created.v1')
      created.set(m.attributes['ce-subject'] ?? '', m);
  });
});
afterAll(async () => {
  await tap.close();
  await tap.delete();
  await client.close();
});
beforeEach(clearFirestore);

const seedBody = (plan = 'pro') => ({
  cliente: {
    codigo: '0001',
    nombre: { nombres: 'Pablo', apellidos: 'Perez Prieto' },
    usuario: 'pperez',
    rut: { numero: 123457890 },
    cedula: { numero: 123457890 },
    email: 'pperez@domain.com',
  },
  plan: { codigo: plan, nombre: plan.toUpperCase() },
  facturas: [],
});

async function expert(id: string, capacity: number) {
  const res = await api('PUT', `/experts/${id}`, { token: await token(['admin']), body: { capacity } });
  expect(res.status).toBe(200);
}

/** Publishes an ImageAnonymized as imaging does and waits until data-services has indexed it. */
async function anonymizedImage(modality: string, region: 'chest' | 'head'): Promise<string> {
  const imageId = randomUUID();
  const env = envelope(
    ImageAnonymizedV1,
    {
      imageId,
      centerId: randomUUID(),
      centerCode: 'HSV-CAL',
      uploadId: randomUUID(),
      format: 'dicom',
      modality,
      region,
      category: `${region}/${modality}`,
      object: `images/HSV-CAL/${imageId}.dcm`,
      sha256: '0'.repeat(64),
      bytes: 1024,
      profileVersion: 'test',
      keyVersion: 1,
      ingestedAt: new Date().toISOString(),
    },
    { source: '/tests', subject: imageId },
  );
  const { data, attributes } = toPubsubMessage(env);
  await client.topic('imaging.events').publishMessage({ data, attributes });
  await eventually(async () =>
    (await db().collection(DATA_SERVICES_IMAGES).doc(imageId).get()).exists ? true : undefined,
  );
  return imageId;
}

/** Waits until the saga of a subscription has finished one way or the other. */
const sagaDone = (id: string, timeoutMs = 30_000) =>
  eventually(async () => {
    const s = (await db().collection('sagas').doc(id).get()).data();
    return s && s.status !== 'RECEIVED' ? s : undefined;
  }, timeoutMs);

/** Subscribes through the seed route and waits for its saga; returns the subscription id. */
async function subscribe(plan = 'pro'): Promise<string> {
  const res = await api('POST', '/suscripciones/suscripcion-comando', {
    token: await token(['client']),
    body: seedBody(plan),
  });
  expect(res.status).toBe(202);
  const id = (res.headers.get('location') as string).split('/').pop() as string;
  await sagaDone(id);
  return id;
}

const get = async (path: string) =>
  (await api('GET', path, { token: await token(['admin']) })).body as Record<string, unknown>;
const statusOf = (id: string, want: string) =>
  eventually(async () => {
    const s = await get(`/subscriptions/${id}`);
    return s.status === want ? s : undefined;
  });
const statuses = (saga: Record<string, unknown>) =>
  Object.fromEntries((saga.timeline as { step: string; status: string }[]).map((s) => [s.step, s.status]));

describe('subscription saga', () => {
  it('PRO through the seed route: ACTIVE, data service started, expert assigned, saga PROCESSED', async () => {
    await expert('e-ana', 2);
    const imageId = await anonymizedImage('CT', 'chest');
    await anonymizedImage('MR', 'head');
    const id = await subscribe();
    const sub = await statusOf(id, 'ACTIVE');
    expect(sub).toMatchObject({ planCode: 'pro', clientCode: '0001' });
    // The read model carries no personal data.
    expect(JSON.stringify(sub)).not.toMatch(/pperez|Pablo|Perez|123457890/);
    // The dataset manifest: the anonymized images matching the PRO plan's filters (CT, chest), only those.
    expect(await get(`/data-services/ds-${id}`)).toMatchObject({
      status: 'STARTED',
      expertId: 'e-ana',
      imageIds: [imageId],
    });
    const saga = await get(`/sagas/${id}`);
    expect(saga.status).toBe('PROCESSED');
    expect(statuses(saga)).toEqual({
      'create-data-service': 'PROCESSED',
      'assign-expert': 'PROCESSED',
      'start-data-service': 'PROCESSED',
      'notify-client': 'PROCESSED',
      'activate-subscription': 'PROCESSED',
    });
    expect((await get(`/saga/logs?subscriptionId=${id}&status=PROCESSED`)).items).toHaveLength(5);
  });

  it('no expert available: FAILED, completed steps compensated, the log says why', async () => {
    await expert('e-busy', 0);
    const id = await subscribe();
    await statusOf(id, 'FAILED');
    expect(await get(`/data-services/ds-${id}`)).toMatchObject({ status: 'TERMINATED', imageIds: [] });
    const saga = await get(`/sagas/${id}`);
    expect(saga).toMatchObject({ status: 'COMPENSATED', reason: 'step assign-expert failed' });
    expect(statuses(saga)).toEqual({
      'create-data-service': 'COMPENSATED',
      'assign-expert': 'FAILED',
      'fail-subscription': 'PROCESSED',
      'notify-failure': 'PROCESSED',
    });
    const failed = (await get(`/saga/logs?subscriptionId=${id}&status=FAILED`)).items as { reason: string }[];
    expect(failed.map((f) => f.reason)).toEqual(['NoExpertAvailable']);
  });

  it('a plan added at run time is subscribed to with no code change', async () => {
    await expert('e-ana', 2);
    const plan = {
      name: 'RESEARCH',
      price: { amountMinor: 1000, currency: 'COP' },
      period: 'monthly',
      provisioning: [
        {
          step: 'create-data-service',
          call: 'saga-create-data-service',
          compensate: 'saga-terminate-data-service',
          args: {
            cloud: { code: 'c', name: 'C', kind: 'private' },
            dataset: { code: 'mr', name: 'MR', filters: { modality: 'MR' } },
          },
        },
        { step: 'assign-expert', call: 'saga-assign-expert', compensate: 'saga-terminate-data-service' },
      ],
    };
    expect((await api('PUT', '/plans/research', { token: await token(['admin']), body: plan })).status).toBe(
      200,
    );
    const id = await subscribe('research');
    await statusOf(id, 'ACTIVE');
    expect(Object.keys(statuses(await get(`/sagas/${id}`)))).toEqual([
      'create-data-service',
      'assign-expert',
      'activate-subscription',
    ]);
  });

  it('SubscriptionCreated delivered twice more, and a step called again: same final state', async () => {
    await expert('e-ana', 5);
    const id = await subscribe();
    const first = await eventually(async () => created.get(id));
    await Promise.all(
      [1, 2].map(() =>
        client
          .topic('subscriptions.events')
          .publishMessage({ data: first.data, attributes: first.attributes }),
      ),
    );
    // A step function called again (a retry whose first answer was lost) replays its outcome.
    const again = await fetch(`${suite().apiUrl}/saga-assign-expert`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        sagaId: id,
        subscriptionId: id,
        clientCode: '0001',
        planCode: 'pro',
        step: 'assign-expert',
      }),
    });
    expect(await again.json()).toEqual({ step: 'assign-expert', outcome: 'done', replay: true });
    await new Promise((r) => setTimeout(r, 1500));
    await statusOf(id, 'ACTIVE');
    expect((await db().collection('experts').doc('e-ana').get()).data()).toMatchObject({
      load: 1,
      available: 4,
    });
    const log = await db().collection('saga-log').where('sagaId', '==', id).get();
    expect(log.docs.map((d) => d.data().attempt)).toEqual([1, 1, 1, 1, 1]);
  });

  it('dead-letters a SubscriptionCreated of an unknown version, with the reason', async () => {
    const name = `test-saga-dlq-${randomUUID()}`;
    const [dlq] = await client.topic(SAGA_DEAD_LETTER).createSubscription(name);
    try {
      const seen: Message[] = [];
      dlq.on('message', (m: Message) => {
        m.ack();
        seen.push(m);
      });
      const ceId = randomUUID();
      // On the saga's trigger topic, as a later publisher's v9 copy would arrive.
      await client.topic(workflows['subscription-saga'].trigger.topic).publishMessage({
        json: { subscriptionId: randomUUID() },
        attributes: { 'ce-type': 'saludtech.subscriptions.created.v9', 'ce-id': ceId },
      });
      const dead = await eventually(async () => seen.find((m) => m.attributes['ce-id'] === ceId), 30_000);
      expect(dead.attributes['deadletter-reason']).toBe(
        'unknown message type saludtech.subscriptions.created.v9',
      );
    } finally {
      await dlq.close();
      await dlq.delete();
    }
  });
});

const RUNS = Number(process.env.SAGA_SUITE_FAULT_RUNS ?? 10);

describe(`through the suite, ${RUNS} sagas with randomized faults`, () => {
  it('ends every saga ACTIVE with all resources, or FAILED with every completed step compensated', async () => {
    const seed = Number(process.env.SAGA_FAULT_SEED ?? Date.now() % 100_000);
    const r = prng(seed);
    await seedExperts(10, 5);
    const cases = Array.from({ length: RUNS }, () => ({ id: randomUUID(), fault: randomFault(r) }));
    const batch = db().batch();
    for (const c of cases) if (c.fault) batch.set(db().collection(TEST_FAULTS).doc(c.id), c.fault);
    await batch.commit();
    await Promise.all(
      cases.map((c) => {
        const { data, attributes } = toPubsubMessage(
          envelope(
            CreateSubscriptionV1,
            {
              subscriptionId: c.id,
              clientCode: 'FAULTS',
              userId: 'u-faults',
              planCode: 'pro',
              client: {
                rutToken: 'psn:rut:x',
                cedulaToken: 'psn:cedula:x',
                sealedEmail: DUMMY_SEALED,
                sealedName: DUMMY_SEALED,
              },
            },
            { source: '/tests', subject: c.id },
          ),
        );
        return client.topic('subscriptions.create-subscription').publishMessage({ data, attributes });
      }),
    );
    await Promise.all(cases.map((c) => sagaDone(c.id, 60_000)));
    const results = await Promise.all(cases.map((c) => invariantProblems(c.id, c.fault)));
    expect({ seed, problems: results.flatMap((x) => x.problems) }).toEqual({ seed, problems: [] });
    expect(await seatsHeld()).toBe(results.filter((x) => x.active).length);
  }, 90_000);
});
