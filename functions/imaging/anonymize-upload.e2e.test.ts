/**
 * End to end through the local suite: an upload finalized in the ingest bucket → anonymize-upload →
 * anonymized bucket + catalogue + ImageAnonymized + original removed; bad input → quarantine + ImageRejected.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, suite, token } from '../../emulators/test/suite.ts';
import { db } from '../platform/clients.ts';
import { IMAGES } from './adapters/catalogue.repository.ts';
import { CANARY, explicitLittleEndian, phiStrings, truncated } from './fixtures/dicom-fixtures.ts';
import { baselineJpeg, jpegMetadataSegments, withSegments } from './fixtures/jpeg-fixtures.ts';
import {
  bucketOf,
  download,
  exists,
  finished,
  redeliver,
  registeredCenter,
  removedFromIngest,
  tapEvents,
  upload,
  uploadPrefix,
} from './test/imaging-harness.ts';

const CODE = 'IMG-E2E';
let sender: { centerId: string; code: string };
const HISTORY = `${CANARY.comments} — asma desde 2001`;
const canaries = [...phiStrings(CANARY), 'asma desde 2001'];
const sidecar = (over: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      patientId: CANARY.patientId,
      pathology: 'J45.9',
      history: HISTORY,
      bodyPart: 'Tórax',
      ...over,
    }),
  );
const jpeg = () =>
  withSegments(
    baselineJpeg({ width: 16, height: 16 }),
    ...Object.values(jpegMetadataSegments(CANARY.patientName)),
  );

let tap: Awaited<ReturnType<typeof tapEvents>>;
const eventsFor = (imageId: string) => tap.events.filter((e) => e.data.imageId === imageId);
/** The image's events once at least one has been pulled (publishing precedes the pull by a moment). */
const eventsOf = (imageId: string) =>
  eventually(async () => (eventsFor(imageId).length > 0 ? eventsFor(imageId) : undefined));

beforeAll(async () => {
  tap = await tapEvents();
  sender = await registeredCenter(CODE);
});
afterAll(() => tap.close());

describe('an upload to the ingest bucket', () => {
  it('is anonymized, catalogued, announced, and removed from ingest (JPEG + sidecar)', async () => {
    const up = uploadPrefix(CODE);
    await upload(up.at('chest.jpg.json'), sidecar());
    const u = await upload(up.at('chest.jpg'), jpeg());
    const entry = await finished(u.imageId);
    expect(entry.status).toBe('anonymized');

    const record = (await db().collection(IMAGES).doc(u.imageId).get()).data() as Record<string, unknown>;
    expect(record).toMatchObject({
      imageId: u.imageId,
      centerCode: CODE,
      uploadId: up.uploadId,
      format: 'jpeg',
      region: 'chest',
      pathology: 'J45.9',
      object: `images/${CODE}/${u.imageId}.jpg`,
    });
    expect(record.history).toMatchObject({ alg: expect.any(String), ct: expect.any(String) });
    const stored = await download('anonymized', record.object as string);
    expect(stored.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

    expect((await eventsOf(u.imageId)).map((e) => e.type)).toEqual(['saludtech.imaging.anonymized.v1']);
    await removedFromIngest(u.name);
    await removedFromIngest(`${u.name}.json`);

    // The history opens for an expert only; a client sees that there is one.
    const expert = await api('GET', `/images/${u.imageId}`, { token: await token(['expert']) });
    expect(expert.body).toMatchObject({ history: HISTORY, hasHistory: true, region: 'chest' });
    // The sending center reads its own image but, not curating, not the clinical history.
    const center = await api('GET', `/images/${u.imageId}`, {
      token: await token(['health_center'], sender.centerId),
    });
    expect(center.status).toBe(200);
    expect(center.body).toMatchObject({ hasHistory: true });
    expect(center.body).not.toHaveProperty('history');

    // Privacy canaries: nowhere in the anonymized bytes, the events, the raw record or the logs.
    const logs = readFileSync(join(suite().stateDir, 'logs', 'function-host.log'), 'utf8');
    const places = {
      stored: stored.toString('latin1'),
      events: JSON.stringify(tap.events),
      record: JSON.stringify(record),
      logs,
    };
    for (const [where, text] of Object.entries(places))
      for (const canary of canaries) expect(text.includes(canary), `${canary} in ${where}`).toBe(false);
  });

  it('anonymizes a DICOM file into one dcmdump can parse', async () => {
    const up = uploadPrefix(CODE);
    const u = await upload(up.at('IM0001'), explicitLittleEndian());
    expect((await finished(u.imageId)).status).toBe('anonymized');
    const record = (await db().collection(IMAGES).doc(u.imageId).get()).data() as {
      object: string;
      modality: string;
    };
    expect(record.modality).toBe('CT');
    const dir = mkdtempSync(join(tmpdir(), 'dcm-'));
    writeFileSync(join(dir, 'out.dcm'), await download('anonymized', record.object));
    const dump = execFileSync('dcmdump', [join(dir, 'out.dcm')], { encoding: 'utf8' });
    expect(dump).toContain('PatientIdentityRemoved');
    for (const canary of phiStrings(CANARY)) expect(dump).not.toContain(canary);
  });
});

describe('bad input goes to quarantine with ImageRejected', () => {
  it.each([
    [
      'not-an-image',
      (at: (f: string) => string) => ({ name: at('notes.txt'), bytes: Buffer.from('hello, not an image') }),
    ],
    ['empty-file', (at: (f: string) => string) => ({ name: at('empty.dcm'), bytes: Buffer.alloc(0) })],
    ['truncated', (at: (f: string) => string) => ({ name: at('cut.dcm'), bytes: truncated() })],
    ['unregistered-center', () => ({ name: uploadPrefix('NOPE-1').at('x.jpg'), bytes: jpeg() })],
    ['outside-prefix', () => ({ name: 'loose/x.jpg', bytes: jpeg() })],
  ])('%s', async (reason, make) => {
    const up = uploadPrefix(CODE);
    const { name, bytes } = make(up.at);
    const u = await upload(name, bytes);
    const entry = await finished(u.imageId);
    expect(entry).toMatchObject({ status: 'rejected', reason });
    const [metadata] = await bucketOf('quarantine').file(`rejected/${u.imageId}`).getMetadata();
    expect(metadata.metadata).toMatchObject({ reason, imageId: u.imageId });
    await removedFromIngest(name);
    const events = await eventsOf(u.imageId);
    expect(events.map((e) => [e.type, e.data.reason])).toEqual([['saludtech.imaging.rejected.v1', reason]]);
    expect(events[0]?.raw).not.toContain(name.split('/').pop() as string);
    expect(
      await db()
        .collection(IMAGES)
        .doc(u.imageId)
        .get()
        .then((s) => s.exists),
    ).toBe(false);
  });

  it('invalid-sidecar: the image and its sidecar both go to quarantine', async () => {
    const up = uploadPrefix(CODE);
    await upload(up.at('a.jpg.json'), sidecar({ birthDate: '03/02/1961' }));
    const u = await upload(up.at('a.jpg'), jpeg());
    expect(await finished(u.imageId)).toMatchObject({ status: 'rejected', reason: 'invalid-sidecar' });
    expect(await exists('quarantine', `rejected/${u.imageId}.sidecar.json`)).toBe(true);
    await removedFromIngest(`${u.name}.json`);
  });
});

describe('sidecars', () => {
  it('a sidecar that arrives after its image was processed goes to quarantine as late-sidecar', async () => {
    const up = uploadPrefix(CODE);
    const image = await upload(up.at('late.jpg'), jpeg());
    expect((await finished(image.imageId)).status).toBe('anonymized');
    const late = await upload(up.at('late.jpg.json'), sidecar());
    expect(await finished(late.imageId)).toMatchObject({ status: 'rejected', reason: 'late-sidecar' });
    await removedFromIngest(late.name);
    expect(await exists('quarantine', `rejected/${late.imageId}`)).toBe(true);
  });
});

describe('delivery is at least once; the effect is once', () => {
  it('three more deliveries of the same upload leave one record and one byte-identical object', async () => {
    const up = uploadPrefix(CODE);
    const u = await upload(up.at('r.jpg'), jpeg(), { pathology: 'C34' });
    // Three concurrent with the trigger's own delivery (a loser may answer 500: its retry finds the work done)…
    await Promise.all([redeliver(u), redeliver(u), redeliver(u)]);
    const entry = await finished(u.imageId);
    // …and three after it finished: each one acknowledged with no second effect.
    const again = await Promise.all([redeliver(u), redeliver(u), redeliver(u)]);
    expect(again.every((status) => status >= 200 && status < 300)).toBe(true);
    const records = await db().collection(IMAGES).where('uploadId', '==', up.uploadId).get();
    expect(records.size).toBe(1);
    const record = records.docs[0]?.data() as { object: string; sha256: string };
    const bytes = await download('anonymized', record.object);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(record.sha256);
    expect(new Set((await eventsOf(u.imageId)).map((e) => e.id)).size).toBe(1);
    expect(entry.status).toBe('anonymized');
  });

  it('a crash after the object is written, before the record, is finished by the retry', async () => {
    const up = uploadPrefix(CODE);
    const u = await upload(up.at('crash.jpg'), jpeg(), { 'x-test-fault': 'crash-after-write' });
    const entry = await finished(u.imageId);
    expect(entry.status).toBe('anonymized');
    expect(entry.attempts).toBeGreaterThanOrEqual(2);
    await removedFromIngest(u.name);
    expect(await eventsOf(u.imageId)).toHaveLength(1);
  });
});
