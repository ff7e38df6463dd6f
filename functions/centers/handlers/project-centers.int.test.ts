/** The centers projection: repeated or late events never roll the read model back. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { clearFirestore, eventually, pubsub } from '../../../emulators/test/suite.ts';
import { CenterRegisteredV1 } from '../../../schemas/centers/v1/center-registered.event.ts';
import { CenterRegisteredV2 } from '../../../schemas/centers/v2/center-registered.event.ts';
import { db } from '../../platform/clients.ts';
import { type Envelope, envelope, toPubsubMessage } from '../../platform/messaging/cloudevent.ts';
import { CENTERS_VIEW } from '../adapters/center.repository.ts';

const client = pubsub();
afterAll(() => client.close());
beforeEach(clearFirestore);

const fields = (centerId: string, name: string) => ({
  centerId,
  code: 'ORDER-1',
  name,
  city: 'Tunja',
  contactEmail: 'x@y.example',
  registeredAt: new Date().toISOString(),
});

const registered = (centerId: string, name: string, sequence: number) =>
  envelope(
    CenterRegisteredV2,
    { ...fields(centerId, name), country: 'CO' },
    { source: '/tests', subject: centerId, sequence },
  );

async function deliver(env: Envelope) {
  const { data, attributes } = toPubsubMessage(env);
  await client.topic('centers.events').publishMessage({ data, attributes });
  await eventually(async () => {
    // Other contexts (imaging, notifications) subscribe to centers.events too: wait for this projection's record.
    const done = await db()
      .collection('processed-messages')
      .where('id', '==', env.id)
      .where('function', '==', 'project-centers')
      .get();
    return done.size === 1 ? true : undefined;
  });
}

describe('project-centers', () => {
  it('keeps the newest version when an older event arrives late, and ignores a repeat', async () => {
    const id = randomUUID();
    const newer = registered(id, 'Nombre v2', 2);
    await deliver(newer);
    await deliver(registered(id, 'Nombre v1', 1));
    await deliver(newer);
    const view = (await db().collection(CENTERS_VIEW).doc(id).get()).data();
    expect(view).toMatchObject({ id, name: 'Nombre v2', version: 2 });
  });

  it('reads a CenterRegistered v1 still in flight, upcast to v2: the center is Colombian', async () => {
    const id = randomUUID();
    await deliver(
      envelope(CenterRegisteredV1, fields(id, 'Antes de v2'), { source: '/tests', subject: id, sequence: 1 }),
    );
    const view = (await db().collection(CENTERS_VIEW).doc(id).get()).data();
    expect(view).toMatchObject({ id, name: 'Antes de v2', country: 'CO', version: 1 });
  });
});
