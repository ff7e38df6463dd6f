/** Shared steps for the DICOMweb read e2e test: fixture instances, a granted client, dicomweb-client in Node. */
import { randomInt, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import dicomweb from 'dicomweb-client';
import { eventually, pubsub, suite } from '../../../emulators/test/suite.ts';
import type { MessageData, MessageDef } from '../../../schemas/message.ts';
import {
  SubscriptionActivatedV1,
  SubscriptionCreatedV1,
  SubscriptionPlanChangedV1,
} from '../../../schemas/subscriptions/v1/subscription.events.ts';
import { topicOf } from '../../manifest.ts';
import { db } from '../../platform/clients.ts';
import { envelope, toPubsubMessage } from '../../platform/messaging/cloudevent.ts';
import { DICOMWEB_INSTANCES } from '../adapters/dicomweb-index.repository.ts';
import { encapsulated, explicitLittleEndian, fixtureUid, multiframe } from '../fixtures/dicom-fixtures.ts';
import { el } from '../fixtures/dicom-writer.ts';
import { baselineJpeg } from '../fixtures/jpeg-fixtures.ts';
import { finished, registeredCenter, upload, uploadPrefix } from './imaging-harness.ts';

const require = createRequire(import.meta.url);
// dicomweb-client speaks XMLHttpRequest, which Node lacks: xhr2 provides it over node:http.
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest ??= require('xhr2');

const CT = '1.2.840.10008.5.1.4.1.1.2';
const ct = el(0x00080016, 'UI', CT);

/** Three DICOM instances in two studies: CT single frame and a 4-frame native CT (study A), a 3-frame JPEG (study B). */
export function fixtureInstances() {
  const run = randomInt(1, 1_000_000);
  const uid = (...p: number[]) => fixtureUid(777, run, ...p);
  const a = { study: uid(1), frameOfReference: uid(9) };
  return {
    single: explicitLittleEndian({ uids: { ...a, series: uid(1, 1), sop: uid(1, 1, 1) } }),
    frames: multiframe({
      frames: 4,
      modality: 'CT',
      uids: { ...a, series: uid(1, 2), sop: uid(1, 2, 1) },
      extra: [ct],
    }),
    jpeg: encapsulated({
      frames: 3,
      uids: { study: uid(2), series: uid(2, 1), sop: uid(2, 1, 1), frameOfReference: uid(8) },
      extra: [ct],
    }),
  };
}

async function publishEvent<M extends MessageDef>(def: M, data: MessageData<M>, sequence: number) {
  const client = pubsub();
  const m = toPubsubMessage(envelope(def, data, { source: '/tests/dicomweb', sequence }));
  await client.topic(topicOf(def.type)).publishMessage({ data: m.data, attributes: m.attributes });
  await client.close();
}

/** The Identity Platform uid inside an (emulator, unsigned) ID token. */
export const uidOf = (idToken: string): string =>
  JSON.parse(Buffer.from(idToken.split('.')[1] as string, 'base64url').toString('utf8')).user_id;

/**
 * Grants a user one ACTIVE dataset (a center's images) through the real grant projection: a subscription
 * created with no steps (no saga), its plan changed to one with a dataset step, then activated.
 */
export async function grantCenter(userId: string, center: string): Promise<void> {
  const subscriptionId = randomUUID();
  const common = { subscriptionId, clientCode: 'DWEB-CLIENT', userId };
  const at = new Date().toISOString();
  await publishEvent(
    SubscriptionCreatedV1,
    { ...common, planCode: 'basic', planVersion: 1, provisioning: [], createdAt: at },
    1,
  );
  await publishEvent(
    SubscriptionPlanChangedV1,
    {
      ...common,
      fromPlanCode: 'basic',
      planCode: 'research',
      provisioning: [
        {
          step: 'provision-dataset',
          call: 'saga-start-data-service',
          compensate: 'saga-terminate-data-service',
          args: { dataset: { code: 'ds-1', name: 'Center images', filters: { center } } },
        },
      ],
      changedAt: at,
    },
    2,
  );
  await publishEvent(SubscriptionActivatedV1, { ...common, planCode: 'research', activatedAt: at }, 3);
}

export interface DicomwebClient {
  searchForStudies(o?: object): Promise<Record<string, { vr: string; Value?: unknown[] }>[]>;
  searchForSeries(o: object): Promise<Record<string, { vr: string; Value?: unknown[] }>[]>;
  searchForInstances(o: object): Promise<Record<string, { vr: string; Value?: unknown[] }>[]>;
  retrieveInstanceMetadata(o: object): Promise<Record<string, { vr: string; Value?: unknown[] }>[]>;
  retrieveStudyMetadata(o: object): Promise<Record<string, { vr: string; Value?: unknown[] }>[]>;
  retrieveInstance(o: object): Promise<ArrayBuffer>;
  retrieveStudy(o: object): Promise<ArrayBuffer[]>;
  retrieveInstanceFrames(o: object): Promise<Uint8Array[]>;
  retrieveInstanceRendered(o: object): Promise<ArrayBuffer | ArrayBuffer[]>;
}

/** A dicomweb-client (npm) pointed at the suite's /dicomweb with a bearer token. */
export const clientFor = (idToken: string): DicomwebClient =>
  new dicomweb.api.DICOMwebClient({
    url: `${suite().apiUrl}/dicomweb`,
    headers: { Authorization: `Bearer ${idToken}` },
    singlepart: false,
  } as never) as unknown as DicomwebClient;

/** The first value of a DICOM JSON attribute. */
export const v = (json: Record<string, { Value?: unknown[] }> | undefined, tag: string) =>
  json?.[tag]?.Value?.[0];

/** dicomweb-client resolves a single-part answer as a one-item array. */
export const rendered = (r: ArrayBuffer | ArrayBuffer[]) =>
  Buffer.from((Array.isArray(r) ? r[0] : r) as ArrayBuffer);

/** What the index holds of an instance (the fields the test reads). */
export interface Indexed {
  imageId: string;
  object: string;
  study: string;
  series: string;
  sop: string;
  studyDate: string;
  patientId: string;
  transferSyntaxUid: string;
}

/**
 * Registers two centers and drops the fixture instances and a JPEG into the first one's ingest folder;
 * waits until each instance is anonymized and indexed. Answers the index entries and the center ids.
 */
export async function servedInstances(code: string, otherCode: string) {
  const own = (await registeredCenter(code)).centerId;
  const other = (await registeredCenter(otherCode)).centerId;
  const files = fixtureInstances();
  const up = uploadPrefix(code);
  const names = Object.keys(files) as (keyof typeof files)[];
  const uploaded = await Promise.all(names.map((k) => upload(up.at(`${k}.dcm`), files[k])));
  const jpegImageId = (await upload(up.at('photo.jpg'), baselineJpeg({ width: 16, height: 16 }))).imageId;
  for (const u of uploaded) await finished(u.imageId, 60_000);
  await finished(jpegImageId, 60_000);
  const entries = await Promise.all(
    uploaded.map((u) =>
      eventually(async () => {
        const q = await db().collection(DICOMWEB_INSTANCES).where('imageId', '==', u.imageId).get();
        return q.docs[0]?.data() as Indexed | undefined;
      }, 30_000),
    ),
  );
  const ids = Object.fromEntries(names.map((k, i) => [k, entries[i] as Indexed])) as Record<
    keyof typeof files,
    Indexed
  >;
  return { ids, centers: { own, other }, jpegImageId };
}
