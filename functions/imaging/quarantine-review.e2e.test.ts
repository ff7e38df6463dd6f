/**
 * End to end through the local suite: quarantine review by a privacy officer. A file refused under the
 * old profile (seeded as the v1 handler left it) or by a center policy is published after `:reprocess`,
 * once; a backlog drains as a job with counters; discard removes the copy; every action is audited; no
 * planted identity and no uploaded file name appears in a response, an event or an audit record.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, api, eventually, suite, token } from '../../emulators/test/suite.ts';
import { db } from '../platform/clients.ts';
import { bucketName } from '../platform/config.ts';
import { IMAGES } from './adapters/catalogue.repository.ts';
import { INGESTS } from './adapters/ingest-ledger.ts';
import { QUARANTINE_AUDIT } from './adapters/quarantine-review-audit.ts';
import { imageIdOf } from './domain/image-id.ts';
import { CANARY, el, explicitLittleEndian, phiStrings } from './fixtures/dicom-fixtures.ts';
import { baselineJpeg } from './fixtures/jpeg-fixtures.ts';
import {
  bucketOf,
  exists,
  finished,
  registeredCenter,
  tapEvents,
  upload,
  uploadPrefix,
} from './test/imaging-harness.ts';

const CODE = 'QRV-E2E';
/** Registered only after its first upload was refused as `unregistered-center`. */
const LATE = 'QRV-LATE';
const STRICT = 'QRV-PID';
const BACKLOG = 'QRV-BKL';
const V1 = 'ps3.15-e1-1/v1';
/** Clean, but v1 refused it: its verifier took the cleaned StudyDescription as a needle in BodyPartExamined. */
const refusedByV1 = () => explicitLittleEndian({ extra: [el(0x00081030, 'LO', 'CHEST')] });

let tap: Awaited<ReturnType<typeof tapEvents>>;
let officer: string;
let admin: string;
/** Every response body the tests saw, for the canary check at the end. */
const seen: unknown[] = [];
const names: string[] = [];

async function call(method: string, path: string, body?: unknown, as = officer): Promise<ApiResponse> {
  const res = await api(method, path, { token: as, ...(body === undefined ? {} : { body }) });
  seen.push(res.body);
  return res;
}

/**
 * A refusal as the v1 handler left it: the original kept in quarantine under `rejected/{imageId}` with
 * its reason and source name in the object metadata, and a finished, published ledger entry.
 */
async function seedV1Refusal(
  name: string,
  bytes: Buffer,
  reason = 'residual-phi',
): Promise<{ imageId: string; name: string }> {
  names.push(name.split('/').pop() as string);
  const generation = String(Date.now() * 1000 + Math.floor(Math.random() * 1000));
  const imageId = imageIdOf(bucketName('ingest', suite().projectId), name, generation);
  const detail = 'an identifying value (5 bytes) appears';
  await bucketOf('quarantine')
    .file(`rejected/${imageId}`)
    .save(bytes, {
      resumable: false,
      metadata: { metadata: { reason, detail, imageId, sourceName: name, sourceGeneration: generation } },
    });
  const [, centerCode, uploadId] = name.split('/');
  const at = new Date(Date.now() - 86_400_000);
  await db()
    .collection(INGESTS)
    .doc(imageId)
    .set({
      imageId,
      nameHash: createHash('sha256').update(name).digest('hex'),
      uploadId,
      centerCode,
      status: 'rejected',
      attempts: 1,
      reason,
      detail,
      profileVersion: V1,
      receivedAt: at,
      finishedAt: at,
      outbox: [],
      published: true,
      sidecarUsed: false,
    });
  return { imageId, name };
}

const itemOf = async (id: string) => (await call('GET', `/quarantine/${id}`)).body as Record<string, unknown>;
/** Waits until review has settled an item's reprocessing. */
const reprocessed = (id: string) =>
  eventually(async () => {
    const item = await itemOf(id);
    return item.status === 'reprocessed' ? item : undefined;
  }, 45_000);
const recordsOf = async (uploadId: string) =>
  (await db().collection(IMAGES).where('uploadId', '==', uploadId).get()).docs.map((d) => d.data());
const auditOf = async (imageId: string) =>
  (await db().collection(QUARANTINE_AUDIT).where('imageId', '==', imageId).get()).docs.map((d) => d.data());
const anonymizedEventsOf = (reprocessOf: string) =>
  tap.events.filter(
    (e) => e.type === 'saludtech.imaging.anonymized.v1' && e.data.reprocessOf === reprocessOf,
  );
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  tap = await tapEvents();
  [officer, admin] = await Promise.all([token(['privacy_officer']), token(['admin'])]);
  await Promise.all([registeredCenter(CODE), registeredCenter(STRICT), registeredCenter(BACKLOG)]);
});
afterAll(() => tap.close());

describe('reprocessing one item', () => {
  it('publishes a file v1 refused, under the current profile: one record, one event, one audit entry', async () => {
    const up = uploadPrefix(CODE);
    const { imageId } = await seedV1Refusal(up.at('IM-CHEST-0001'), refusedByV1());

    const listed = await call('GET', `/quarantine?center=${CODE}`);
    expect(listed.status).toBe(200);
    expect((listed.body as { items: unknown[] }).items).toContainEqual(
      expect.objectContaining({
        imageId,
        centerCode: CODE,
        uploadId: up.uploadId,
        status: 'rejected',
        reason: 'residual-phi',
        detail: expect.any(String),
        quarantinedAt: expect.any(String),
        profileVersion: V1,
      }),
    );

    // Twice, and once more concurrently: one reprocessing.
    const [first, second] = await Promise.all([
      call('POST', `/quarantine/${imageId}:reprocess`),
      call('POST', `/quarantine/${imageId}:reprocess`),
    ]);
    for (const r of [first, second]) {
      expect(r.status).toBe(202);
      expect(r.headers.get('location')).toBe(`/quarantine/${imageId}`);
    }
    const item = await reprocessed(imageId);
    expect(item).toMatchObject({ reprocessOutcome: 'anonymized', reprocessedAs: expect.any(String) });
    const again = await call('POST', `/quarantine/${imageId}:reprocess`);
    expect(again.status).toBe(202);

    await pause(3_000); // room for a duplicate to show up, if there were one
    const records = await recordsOf(up.uploadId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ imageId: item.reprocessedAs, centerCode: CODE });
    expect(anonymizedEventsOf(imageId)).toHaveLength(1);
    const audit = await auditOf(imageId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'reprocess',
      role: 'privacy_officer',
      uid: expect.any(String),
      reason: 'residual-phi',
      outcome: 'anonymized',
      reprocessedAs: item.reprocessedAs,
    });
    expect(await exists('quarantine', `rejected/${imageId}`)).toBe(false);
    const after = (await call('GET', `/quarantine?center=${CODE}`)).body as { items: { imageId: string }[] };
    expect(after.items.map((i) => i.imageId)).not.toContain(imageId);
    const trail = (await call('GET', '/quarantine/audit')).body as { items: Record<string, unknown>[] };
    expect(trail.items.filter((a) => a.imageId === imageId)).toEqual([
      expect.objectContaining({ action: 'reprocess', outcome: 'anonymized' }),
    ]);
  });

  it('publishes a file a center policy refused for its missing Patient ID once the policy is relaxed', async () => {
    const policy = (requirePatientId: boolean) =>
      call('PUT', `/centers/${STRICT}/imaging-policy`, { requirePatientId }, admin);
    expect((await policy(true)).status).toBe(200);
    const up = uploadPrefix(STRICT);
    names.push('NO-PID-0001');
    const u = await upload(up.at('NO-PID-0001'), explicitLittleEndian({ phi: { patientId: '' } }));
    expect(await finished(u.imageId)).toMatchObject({ status: 'rejected', reason: 'no-patient-identifier' });
    const listed = await call('GET', `/quarantine?center=${STRICT}&reason=no-patient-identifier`);
    expect((listed.body as { items: { imageId: string }[] }).items.map((i) => i.imageId)).toEqual([
      u.imageId,
    ]);

    expect((await policy(false)).status).toBe(200);
    expect((await call('POST', `/quarantine/${u.imageId}:reprocess`)).status).toBe(202);
    const item = await reprocessed(u.imageId);
    expect(item.reprocessOutcome).toBe('anonymized');
    const records = await recordsOf(up.uploadId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ linkage: 'study' });
    await eventually(async () => (anonymizedEventsOf(u.imageId).length === 1 ? true : undefined));
    expect(await auditOf(u.imageId)).toHaveLength(1);
  });
});

describe('reprocessing what the pipeline quarantined or held', () => {
  it('puts the sidecar back with its image: refused for an unregistered center, published once registered', async () => {
    const up = uploadPrefix(LATE);
    names.push('LATE-CHEST.jpg');
    const history = 'asma desde 2001';
    await upload(
      up.at('LATE-CHEST.jpg.json'),
      Buffer.from(JSON.stringify({ patientId: CANARY.patientId, pathology: 'J45.9', history })),
    );
    const u = await upload(up.at('LATE-CHEST.jpg'), baselineJpeg({ width: 16, height: 16 }));
    expect(await finished(u.imageId)).toMatchObject({ status: 'rejected', reason: 'unregistered-center' });
    expect(await exists('quarantine', `rejected/${u.imageId}.sidecar.json`)).toBe(true);

    await registeredCenter(LATE);
    expect((await call('POST', `/quarantine/${u.imageId}:reprocess`)).status).toBe(202);
    const item = await reprocessed(u.imageId);
    expect(item.reprocessOutcome).toBe('anonymized');
    const records = await recordsOf(up.uploadId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ pathology: 'J45.9', patientToken: expect.any(String) });
    for (const name of [`rejected/${u.imageId}`, `rejected/${u.imageId}.sidecar.json`])
      expect(await exists('quarantine', name)).toBe(false);
    await eventually(async () => ((await exists('ingest', up.at('LATE-CHEST.jpg.json'))) ? undefined : true));
    const stored = JSON.stringify(records);
    expect(stored).not.toContain(history);
    expect(stored).not.toContain(CANARY.patientId);
  });

  it('reprocesses a held file into one held item again (burned-in risk is never published)', async () => {
    const up = uploadPrefix(CODE);
    const u = await upload(up.at('US-HELD-0001'), explicitLittleEndian({ modality: 'US' }));
    names.push('US-HELD-0001');
    expect(await finished(u.imageId)).toMatchObject({ status: 'held', reason: 'burned-in-risk' });
    const listed = await call('GET', `/quarantine?center=${CODE}&reason=burned-in-risk`);
    expect((listed.body as { items: unknown[] }).items).toContainEqual(
      expect.objectContaining({ imageId: u.imageId, status: 'held', uploadId: up.uploadId }),
    );
    expect((await call('POST', `/quarantine/${u.imageId}:reprocess`)).status).toBe(202);
    const item = await reprocessed(u.imageId);
    expect(item.reprocessOutcome).toBe('held');
    expect(await exists('quarantine', `held/${u.imageId}`)).toBe(false);
    expect(await exists('quarantine', `held/${item.reprocessedAs}`)).toBe(true);
    const open = (await call('GET', `/quarantine?center=${CODE}&reason=burned-in-risk`)).body as {
      items: Record<string, unknown>[];
    };
    expect(open.items.filter((i) => i.imageId === u.imageId || i.reprocessOf === u.imageId)).toEqual([
      expect.objectContaining({ imageId: item.reprocessedAs, status: 'held', reprocessOf: u.imageId }),
    ]);
    expect(await recordsOf(up.uploadId)).toHaveLength(0);
  });
});

describe('reprocessing a backlog', () => {
  it('drains every matching item as a job: done = total, with published and still-refused counts', async () => {
    const up = uploadPrefix(BACKLOG);
    const clean = await Promise.all(
      [1, 2, 3].map((n) => seedV1Refusal(up.at(`BK-000${n}`), explicitLittleEndian())),
    );
    const text = await seedV1Refusal(
      up.at('BK-NOTES.txt'),
      Buffer.from('still not an image'),
      'not-an-image',
    );

    const res = await call('POST', '/quarantine:reprocess', { center: BACKLOG });
    expect(res.status).toBe(202);
    const location = res.headers.get('location') as string;
    expect(location).toMatch(/^\/quarantine\/reprocess-jobs\/[0-9a-f-]{36}$/);
    const job = await eventually(async () => {
      const j = (await call('GET', location)).body as Record<string, unknown>;
      return j.state === 'done' ? j : undefined;
    }, 60_000);
    expect(job).toMatchObject({
      filter: { center: BACKLOG },
      total: 4,
      done: 4,
      published: 3,
      stillRefused: 1,
      failed: 0,
      skipped: 0,
    });
    for (const c of clean) expect(await itemOf(c.imageId)).toMatchObject({ reprocessOutcome: 'anonymized' });
    expect(await recordsOf(up.uploadId)).toHaveLength(3);

    // The re-refused file is one item again: the new one, pointing at the old; the old copy is gone.
    const old = await itemOf(text.imageId);
    expect(old).toMatchObject({ status: 'reprocessed', reprocessOutcome: 'rejected' });
    const open = (await call('GET', `/quarantine?center=${BACKLOG}`)).body as {
      items: Record<string, unknown>[];
    };
    expect(open.items).toEqual([
      expect.objectContaining({
        imageId: old.reprocessedAs,
        reprocessOf: text.imageId,
        reason: 'not-an-image',
      }),
    ]);
    expect(await exists('quarantine', `rejected/${text.imageId}`)).toBe(false);
    expect(await exists('quarantine', `rejected/${old.reprocessedAs}`)).toBe(true);
    const trail = await db().collection(QUARANTINE_AUDIT).where('jobId', '==', job.jobId).get();
    expect(trail.docs.map((d) => d.data().action).sort()).toEqual([
      'reprocess',
      'reprocess',
      'reprocess',
      'reprocess',
      'reprocess-backlog',
    ]);
  });
});

describe('discarding, and what review refuses', () => {
  it('discard removes the copy and closes the item, once; a discarded item is not reprocessed', async () => {
    const { imageId } = await seedV1Refusal(uploadPrefix(CODE).at('IM-DISCARD'), refusedByV1());
    const first = await call('POST', `/quarantine/${imageId}:discard`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ imageId, status: 'discarded', reason: 'residual-phi' });
    expect(await exists('quarantine', `rejected/${imageId}`)).toBe(false);
    expect((await call('POST', `/quarantine/${imageId}:discard`)).status).toBe(200);
    expect(await auditOf(imageId)).toEqual([
      expect.objectContaining({ action: 'discard', role: 'privacy_officer' }),
    ]);
    const reprocess = await call('POST', `/quarantine/${imageId}:reprocess`);
    expect(reprocess.status).toBe(409);
    expect(reprocess.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers 403 to every other role, 404 to unknown ids, 400 problem+json to bad bodies and queries', async () => {
    const { imageId } = await seedV1Refusal(uploadPrefix(CODE).at('IM-ROLES'), refusedByV1());
    const others = await Promise.all(
      (['admin', 'health_center', 'client', 'expert', 'reidentification_officer'] as const).map((r) =>
        token([r]),
      ),
    );
    const routes: [string, string, unknown?][] = [
      ['GET', '/quarantine'],
      ['GET', `/quarantine/${imageId}`],
      ['POST', `/quarantine/${imageId}:reprocess`],
      ['POST', `/quarantine/${imageId}:discard`],
      ['POST', '/quarantine:reprocess', {}],
      ['GET', `/quarantine/reprocess-jobs/${randomUUID()}`],
      ['GET', '/quarantine/audit'],
    ];
    for (const as of others)
      for (const [method, path, body] of routes)
        expect((await call(method, path, body, as)).status).toBe(403);
    expect(await exists('quarantine', `rejected/${imageId}`)).toBe(true);

    const unknown = randomUUID();
    for (const [method, path] of [
      ['GET', `/quarantine/${unknown}`],
      ['POST', `/quarantine/${unknown}:reprocess`],
      ['POST', `/quarantine/${unknown}:discard`],
      ['POST', '/quarantine/not-an-id:discard'],
      ['GET', `/quarantine/reprocess-jobs/${unknown}`],
    ] as const) {
      const res = await call(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }

    for (const [body, field] of [
      [{ reason: 'Not A Code!' }, 'body.reason'],
      [{ center: 'x' }, 'body.center'],
      [{ everything: true }, 'body.everything'],
    ] as const) {
      const res = await call('POST', '/quarantine:reprocess', body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
    }
    expect((await call('GET', '/quarantine?cursor=bm9wZQ')).status).toBe(400);
    expect((await call('GET', '/quarantine?reason=NOPE%20NOPE')).status).toBe(400);
    expect((await call('GET', '/quarantine/audit?cursor=bm9wZQ')).status).toBe(400);
  });

  it('pages the list with a cursor', async () => {
    const up = uploadPrefix(CODE);
    for (let i = 0; i < 3; i++) await seedV1Refusal(up.at(`IM-PAGE-${i}`), refusedByV1(), 'malformed-dicom');
    const ids = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const q = `/quarantine?center=${CODE}&reason=malformed-dicom&pageSize=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await call('GET', q)).body as { items: { imageId: string }[]; nextCursor?: string };
      for (const i of page.items) ids.add(i.imageId);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(ids.size).toBe(3);
    expect(pages).toBe(2);
  });
});

describe('privacy', () => {
  it('no planted identity and no uploaded file name appears in a response, an event or an audit record', async () => {
    const audit = (await db().collection(QUARANTINE_AUDIT).get()).docs.map((d) => d.data());
    const places = {
      responses: JSON.stringify(seen),
      events: JSON.stringify(tap.events.map((e) => e.raw)),
      audit: JSON.stringify(audit),
    };
    for (const [where, text] of Object.entries(places)) {
      for (const canary of phiStrings(CANARY))
        expect(text.includes(canary), `${canary} in ${where}`).toBe(false);
      for (const name of names) expect(text.includes(name), `${name} in ${where}`).toBe(false);
    }
  });
});
