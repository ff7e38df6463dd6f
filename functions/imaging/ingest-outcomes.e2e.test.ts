/**
 * End to end through the local suite, the three finishes and what a person reads about them: a US file
 * cleaned and published, one whose pixels do not decode or whose center turned cleaning off held for
 * review (never published), a center policy that requires patient ids, a file with no Patient
 * ID published with study linkage, the sidecar on the crash-retry path, the day-only ingestedAt, an
 * aborted output stream, per-file outcomes (paginated, with details) and a reprocessed file counted once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, suite, token } from '../../emulators/test/suite.ts';
import { db } from '../platform/clients.ts';
import { IMAGES } from './adapters/catalogue.repository.ts';
import { REPROCESS_OF } from './adapters/reprocess-settlement.ts';
import { CANARY, encapsulated, explicitLittleEndian, truncated } from './fixtures/dicom-fixtures.ts';
import { el } from './fixtures/dicom-writer.ts';
import { baselineJpeg } from './fixtures/jpeg-fixtures.ts';
import {
  bucketOf,
  exists,
  finished,
  registeredCenter,
  removedFromIngest,
  tapEvents,
  upload,
  uploadPrefix,
} from './test/imaging-harness.ts';

const CODE = 'IMG-OUT';
const STRICT = 'IMG-PID';
const HOLDING = 'IMG-HLD';
const jpeg = () => baselineJpeg({ width: 16, height: 16 });
const noPatientId = () => explicitLittleEndian({ phi: { patientId: '' } });

let tap: Awaited<ReturnType<typeof tapEvents>>;
let admin: string;
const eventsOf = (imageId: string) =>
  eventually(async () => {
    const found = tap.events.filter((e) => e.data.imageId === imageId);
    return found.length > 0 ? found : undefined;
  });
const recordOf = async (imageId: string) =>
  (await db().collection(IMAGES).doc(imageId).get()).data() as Record<string, unknown> | undefined;
const summaryOf = (uploadId: string, query = '') =>
  api('GET', `/uploads/${uploadId}${query}`, { token: admin });

beforeAll(async () => {
  tap = await tapEvents();
  admin = await token(['admin']);
  await Promise.all([registeredCenter(CODE), registeredCenter(STRICT), registeredCenter(HOLDING)]);
});
afterAll(() => tap.close());

describe('burned-in risk', () => {
  it('a US file is examined by Clean Pixel Data and published, its record and event saying what was read', async () => {
    const up = uploadPrefix(CODE);
    const u = await upload(up.at('US0001'), explicitLittleEndian({ modality: 'US', rows: 64, columns: 64 }));
    expect(await finished(u.imageId)).toMatchObject({ status: 'anonymized' });
    const cleaning = { examinedFrames: 1, frames: 1, boxes: [], encoding: 'input-syntax' };
    expect(await recordOf(u.imageId)).toMatchObject({ modality: 'US', pixelCleaning: cleaning });
    const [event] = await eventsOf(u.imageId);
    expect(event?.type).toBe('saludtech.imaging.anonymized.v1');
    expect(event?.data).toMatchObject({ pixelCleaning: cleaning });
    const [stored] = await bucketOf('anonymized').file(`images/${CODE}/${u.imageId}.dcm`).download();
    // (0028,0301) BurnedInAnnotation NO and the Clean Pixel Data option code 113101.
    expect(stored.toString('latin1')).toContain('113101');
  });

  it('a US JPEG whose frame does not decode is held pixel-review, never published', async () => {
    const up = uploadPrefix(CODE);
    const broken = encapsulated({ frames: 1, fragmentsPerFrame: 1, extra: [el(0x00080060, 'CS', 'US')] });
    // The JPEG's entropy-coded data overwritten: the markers parse, the scan does not decode.
    const scan = broken.lastIndexOf(Buffer.from([0xff, 0xda]));
    broken.fill(0xff, scan + 20, broken.length - 20);
    const u = await upload(up.at('US-BROKEN'), broken);
    expect(await finished(u.imageId)).toMatchObject({ status: 'held', reason: 'pixel-review' });
    expect(await exists('anonymized', `images/${CODE}/${u.imageId}.dcm`)).toBe(false);
    const [event] = await eventsOf(u.imageId);
    expect(event?.type).toBe('saludtech.imaging.held-for-review.v1');
    expect(event?.data).toMatchObject({
      reason: 'pixel-review',
      detail: expect.stringMatching(/do not decode/),
    });
  });

  it('a center that turns cleaning off gets its US file held for review: in quarantine under held/, announced, never published', async () => {
    const put = await api('PUT', `/centers/${HOLDING}/imaging-policy`, {
      token: admin,
      body: { cleanPixels: false },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ cleanPixels: false, deviceMasks: [] });
    const up = uploadPrefix(HOLDING);
    const u = await upload(up.at('US0001'), explicitLittleEndian({ modality: 'US' }));
    expect(await finished(u.imageId)).toMatchObject({ status: 'held', reason: 'burned-in-risk' });
    const [meta] = await bucketOf('quarantine').file(`held/${u.imageId}`).getMetadata();
    expect(meta.metadata).toMatchObject({ reason: 'burned-in-risk', imageId: u.imageId });
    expect(String(meta.metadata?.detail)).toMatch(/US/);
    expect(await exists('anonymized', `images/${HOLDING}/${u.imageId}.dcm`)).toBe(false);
    expect(await recordOf(u.imageId)).toBeUndefined();
    await removedFromIngest(u.name);

    const [event] = await eventsOf(u.imageId);
    expect(event?.type).toBe('saludtech.imaging.held-for-review.v1');
    expect(event?.data).toMatchObject({
      centerCode: HOLDING,
      uploadId: up.uploadId,
      reason: 'burned-in-risk',
      object: `held/${u.imageId}`,
      detail: expect.stringMatching(/US/),
    });
    const res = await eventually(async () => {
      const r = await summaryOf(up.uploadId);
      return (r.body as { held?: number }).held === 1 ? r : undefined;
    });
    expect(res.body).toMatchObject({
      received: 1,
      held: 1,
      anonymized: 0,
      pending: 0,
      files: [{ imageId: u.imageId, status: 'held', reason: 'burned-in-risk', detail: expect.any(String) }],
    });
  });
});

describe('patient ids', () => {
  it('a center policy is set and read by an admin; bad fields are a problem+json 400', async () => {
    const bad = await api('PUT', `/centers/${STRICT}/imaging-policy`, {
      token: admin,
      body: { requirePatientId: 'yes', extraBurnedInModalities: ['us x'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const fields = JSON.stringify(bad.body);
    expect(fields).toContain('requirePatientId');
    expect(fields).toContain('extraBurnedInModalities');

    const defaults = await api('GET', `/centers/${CODE}/imaging-policy`, { token: admin });
    expect(defaults.body).toMatchObject({ centerCode: CODE, requirePatientId: false, stored: false });
    const put = await api('PUT', `/centers/${STRICT}/imaging-policy`, {
      token: admin,
      body: { requirePatientId: true },
    });
    expect(put.status).toBe(200);
    const got = await api('GET', `/centers/${STRICT}/imaging-policy`, { token: admin });
    expect(got.body).toMatchObject({
      centerCode: STRICT,
      requirePatientId: true,
      extraBurnedInModalities: [],
      trustBurnedInAnnotationNo: false,
      stored: true,
    });
    expect((await api('GET', '/centers/NOPE-9/imaging-policy', { token: admin })).status).toBe(404);
    const center = await token(['health_center']);
    expect((await api('GET', `/centers/${STRICT}/imaging-policy`, { token: center })).status).toBe(403);
  });

  it('a center that requires patient ids gets a file without one refused, with its detail', async () => {
    // The policy above is in place (tests in a file run in order).
    const u = await upload(uploadPrefix(STRICT).at('NOPID'), noPatientId());
    expect(await finished(u.imageId)).toMatchObject({ status: 'rejected', reason: 'no-patient-identifier' });
    const [meta] = await bucketOf('quarantine').file(`rejected/${u.imageId}`).getMetadata();
    expect(meta.metadata?.detail).toEqual(expect.stringMatching(/\(0010,0020\) PatientID/));
    const [event] = await eventsOf(u.imageId);
    expect(event?.data).toMatchObject({ reason: 'no-patient-identifier', detail: meta.metadata?.detail });
  });

  it('a file without Patient ID is published elsewhere, with a study-scoped token', async () => {
    const u = await upload(uploadPrefix(CODE).at('NOPID'), noPatientId());
    expect((await finished(u.imageId)).status).toBe('anonymized');
    const record = await recordOf(u.imageId);
    expect(record).toMatchObject({ linkage: 'study', patientToken: expect.any(String) });
  });
});

describe('the sidecar on the retry path, and the ingest day', () => {
  it('a crash after the write is retried with the sidecar, whose patient id drives the token; it is deleted', async () => {
    const up = uploadPrefix(CODE);
    await upload(up.at('crash.jpg.json'), Buffer.from(JSON.stringify({ patientId: CANARY.patientId })));
    const u = await upload(up.at('crash.jpg'), jpeg(), { 'x-test-fault': 'crash-after-write' });
    const entry = await finished(u.imageId);
    expect(entry).toMatchObject({ status: 'anonymized', sidecarUsed: true });
    expect(entry.attempts).toBeGreaterThanOrEqual(2);
    await removedFromIngest(u.name);
    await removedFromIngest(`${u.name}.json`);

    // The same patient id, read from a DICOM file of the same center, gives the same token.
    const dicom = await upload(up.at('IM0001'), explicitLittleEndian());
    expect((await finished(dicom.imageId)).status).toBe('anonymized');
    const [fromSidecar, fromFile] = [await recordOf(u.imageId), await recordOf(dicom.imageId)];
    expect(fromSidecar?.patientToken).toEqual(expect.any(String));
    expect(fromSidecar?.patientToken).toBe(fromFile?.patientToken);
    expect(fromSidecar?.linkage).toBe('patient');

    // The ingest day, shifted, with no time of day.
    for (const r of [fromSidecar, fromFile]) expect(String(r?.ingestedAt)).toMatch(/T00:00:00\.000Z$/);
  });
});

describe('streamed output', () => {
  it('a file refused mid-stream (after pixel bytes were sent) leaves no object in the anonymized bucket', async () => {
    // ~12.6 MB of pixel data cut at 10 MiB: more than one 8 MiB upload chunk goes out before the refusal.
    const big = truncated({ rows: 2048, columns: 3072, at: 10 * 1024 * 1024 });
    const u = await upload(uploadPrefix(CODE).at('cut.dcm'), big);
    expect(await finished(u.imageId, 45_000)).toMatchObject({ status: 'rejected', reason: 'truncated' });
    const [left] = await bucketOf('anonymized').getFiles({ prefix: `images/${CODE}/${u.imageId}` });
    expect(left).toHaveLength(0);
    // The stand-in's session record: bytes went out, then the session was cancelled (test infra's files).
    const dir = join(suite().stateDir, 'storage', 'uploads');
    const sessions = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { name: string; state: string });
    expect(sessions.filter((s) => s.name === `images/${CODE}/${u.imageId}.dcm`).map((s) => s.state)).toEqual([
      'cancelled',
    ]);
    expect(await exists('quarantine', `rejected/${u.imageId}`)).toBe(true);
  });
});

describe('GET /uploads/{id} lists per-file outcomes', () => {
  it('paginated, with reason and detail, never the file names; a reprocessed file counts once', async () => {
    const up = uploadPrefix(CODE);
    const files = [
      await upload(up.at('ok-one.jpg'), jpeg()),
      await upload(up.at('secret-notes.txt'), Buffer.from('hello, not an image')),
      await upload(up.at('short-cut.dcm'), truncated()),
    ];
    for (const f of files) await finished(f.imageId);
    const settled = await eventually(async () => {
      const r = await summaryOf(up.uploadId, '?pageSize=2');
      const b = r.body as { anonymized: number; rejected: number };
      return b.anonymized === 1 && b.rejected === 2 ? r : undefined;
    });
    const first = settled.body as { files: { imageId: string }[]; nextPageToken?: string };
    expect(first.files).toHaveLength(2);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const next = await summaryOf(up.uploadId, `?pageSize=2&pageToken=${first.nextPageToken}`);
    const second = next.body as { files: { imageId: string }[]; nextPageToken?: string };
    expect(second.files).toHaveLength(1);
    expect(second.nextPageToken).toBeUndefined();
    const all = [...first.files, ...second.files] as Record<string, unknown>[];
    expect(new Set(all.map((f) => f.imageId))).toEqual(new Set(files.map((f) => f.imageId)));
    const byId = (id: string) => all.find((f) => f.imageId === id);
    expect(byId(files[1]?.imageId as string)).toMatchObject({
      status: 'rejected',
      reason: 'not-an-image',
      detail: expect.any(String),
      finishedAt: expect.any(String),
    });
    expect(byId(files[2]?.imageId as string)).toMatchObject({ status: 'rejected', reason: 'truncated' });
    expect(byId(files[0]?.imageId as string)).toMatchObject({ status: 'anonymized' });
    const text = JSON.stringify([settled.body, next.body]);
    for (const name of ['ok-one', 'secret-notes', 'short-cut']) expect(text).not.toContain(name);
    expect((await summaryOf(up.uploadId, '?pageToken=bm9wZQ')).status).toBe(400);

    // The quarantine review puts the rejected original back, fixed, marked as a reprocessing.
    const again = await upload(up.at('secret-notes.txt'), jpeg(), {
      [REPROCESS_OF]: files[1]?.imageId as string,
    });
    expect((await finished(again.imageId)).status).toBe('anonymized');
    const moved = await eventually(async () => {
      const r = await summaryOf(up.uploadId);
      return (r.body as { anonymized: number }).anonymized === 2 ? r : undefined;
    });
    expect(moved.body).toMatchObject({
      received: 3,
      anonymized: 2,
      rejected: 1,
      pending: 0,
      reasons: { truncated: 1 },
    });
    const [event] = await eventsOf(again.imageId);
    expect(event?.data).toMatchObject({ reprocessOf: files[1]?.imageId });
  });
});
