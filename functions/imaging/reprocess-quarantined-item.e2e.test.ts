/**
 * End to end through the local suite: `POST /quarantine/{id}:reprocess` by a privacy officer. A file
 * refused under the old profile (seeded as the v1 handler left it), by a center policy or for an
 * unregistered center is published once, with its sidecar; a held file stays held while its center keeps
 * Clean Pixel Data off and is published once it is on; each is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../emulators/test/suite.ts';
import { CANARY, explicitLittleEndian } from './fixtures/dicom-fixtures.ts';
import { baselineJpeg } from './fixtures/jpeg-fixtures.ts';
import { exists, finished, registeredCenter, upload, uploadPrefix } from './test/imaging-harness.ts';
import {
  auditOf,
  pause,
  recordsOf,
  refusedByV1,
  reviewSession,
  V1,
} from './test/quarantine-review-harness.ts';

const CODE = 'QRI-E2E';
/** Registered only after its first upload was refused as `unregistered-center`. */
const LATE = 'QRI-LATE';
const STRICT = 'QRI-PID';
/** Turns Clean Pixel Data off, then on again. */
const HOLDING = 'QRI-HLD';

let review: Awaited<ReturnType<typeof reviewSession>>;

beforeAll(async () => {
  review = await reviewSession();
  await Promise.all([registeredCenter(CODE), registeredCenter(STRICT), registeredCenter(HOLDING)]);
});
afterAll(() => review.close());

describe('reprocessing one item', () => {
  it('publishes a file v1 refused, under the current profile: one record, one event, one audit entry', async () => {
    const up = uploadPrefix(CODE);
    const { imageId } = await review.seedV1Refusal(up.at('IM-CHEST-0001'), refusedByV1());

    const listed = await review.call('GET', `/quarantine?center=${CODE}`);
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
      review.call('POST', `/quarantine/${imageId}:reprocess`),
      review.call('POST', `/quarantine/${imageId}:reprocess`),
    ]);
    for (const r of [first, second]) {
      expect(r.status).toBe(202);
      expect(r.headers.get('location')).toBe(`/quarantine/${imageId}`);
    }
    const item = await review.reprocessed(imageId);
    expect(item).toMatchObject({ reprocessOutcome: 'anonymized', reprocessedAs: expect.any(String) });
    const again = await review.call('POST', `/quarantine/${imageId}:reprocess`);
    expect(again.status).toBe(202);

    await pause(3_000); // room for a duplicate to show up, if there were one
    const records = await recordsOf(up.uploadId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ imageId: item.reprocessedAs, centerCode: CODE });
    expect(review.anonymizedEventsOf(imageId)).toHaveLength(1);
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
    const after = (await review.call('GET', `/quarantine?center=${CODE}`)).body as {
      items: { imageId: string }[];
    };
    expect(after.items.map((i) => i.imageId)).not.toContain(imageId);
    const trail = (await review.call('GET', '/quarantine/audit')).body as {
      items: Record<string, unknown>[];
    };
    expect(trail.items.filter((a) => a.imageId === imageId)).toEqual([
      expect.objectContaining({ action: 'reprocess', outcome: 'anonymized' }),
    ]);
  });

  it('publishes a file a center policy refused for its missing Patient ID once the policy is relaxed', async () => {
    const policy = (requirePatientId: boolean) =>
      review.call('PUT', `/centers/${STRICT}/imaging-policy`, { requirePatientId }, review.admin);
    expect((await policy(true)).status).toBe(200);
    const up = uploadPrefix(STRICT);
    review.names.push('NO-PID-0001');
    const u = await upload(up.at('NO-PID-0001'), explicitLittleEndian({ phi: { patientId: '' } }));
    expect(await finished(u.imageId)).toMatchObject({ status: 'rejected', reason: 'no-patient-identifier' });
    const listed = await review.call('GET', `/quarantine?center=${STRICT}&reason=no-patient-identifier`);
    expect((listed.body as { items: { imageId: string }[] }).items.map((i) => i.imageId)).toEqual([
      u.imageId,
    ]);

    expect((await policy(false)).status).toBe(200);
    expect((await review.call('POST', `/quarantine/${u.imageId}:reprocess`)).status).toBe(202);
    const item = await review.reprocessed(u.imageId);
    expect(item.reprocessOutcome).toBe('anonymized');
    const records = await recordsOf(up.uploadId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ linkage: 'study' });
    await eventually(async () => (review.anonymizedEventsOf(u.imageId).length === 1 ? true : undefined));
    expect(await auditOf(u.imageId)).toHaveLength(1);
  });
});

describe('reprocessing what the pipeline quarantined or held', () => {
  it('puts the sidecar back with its image: refused for an unregistered center, published once registered', async () => {
    const up = uploadPrefix(LATE);
    review.names.push('LATE-CHEST.jpg');
    const history = 'asma desde 2001';
    await upload(
      up.at('LATE-CHEST.jpg.json'),
      Buffer.from(JSON.stringify({ patientId: CANARY.patientId, pathology: 'J45.9', history })),
    );
    const u = await upload(up.at('LATE-CHEST.jpg'), baselineJpeg({ width: 16, height: 16 }));
    expect(await finished(u.imageId)).toMatchObject({ status: 'rejected', reason: 'unregistered-center' });
    expect(await exists('quarantine', `rejected/${u.imageId}.sidecar.json`)).toBe(true);

    await registeredCenter(LATE);
    expect((await review.call('POST', `/quarantine/${u.imageId}:reprocess`)).status).toBe(202);
    const item = await review.reprocessed(u.imageId);
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

  it('reprocesses a held file into one held item again while its center keeps cleaning off, and publishes it once on', async () => {
    const policy = (cleanPixels: boolean) =>
      review.call('PUT', `/centers/${HOLDING}/imaging-policy`, { cleanPixels }, review.admin);
    expect((await policy(false)).status).toBe(200);
    const up = uploadPrefix(HOLDING);
    const u = await upload(up.at('US-HELD-0001'), explicitLittleEndian({ modality: 'US' }));
    review.names.push('US-HELD-0001');
    expect(await finished(u.imageId)).toMatchObject({ status: 'held', reason: 'burned-in-risk' });
    const listed = await review.call('GET', `/quarantine?center=${HOLDING}&reason=burned-in-risk`);
    expect((listed.body as { items: unknown[] }).items).toContainEqual(
      expect.objectContaining({ imageId: u.imageId, status: 'held', uploadId: up.uploadId }),
    );
    expect((await review.call('POST', `/quarantine/${u.imageId}:reprocess`)).status).toBe(202);
    const item = await review.reprocessed(u.imageId);
    expect(item.reprocessOutcome).toBe('held');
    expect(await exists('quarantine', `held/${u.imageId}`)).toBe(false);
    expect(await exists('quarantine', `held/${item.reprocessedAs}`)).toBe(true);
    const open = (await review.call('GET', `/quarantine?center=${HOLDING}&reason=burned-in-risk`)).body as {
      items: Record<string, unknown>[];
    };
    expect(open.items.filter((i) => i.imageId === u.imageId || i.reprocessOf === u.imageId)).toEqual([
      expect.objectContaining({ imageId: item.reprocessedAs, status: 'held', reprocessOf: u.imageId }),
    ]);
    expect(await recordsOf(up.uploadId)).toHaveLength(0);

    // The officer turns Clean Pixel Data on for the center: the held copy is examined and published.
    expect((await policy(true)).status).toBe(200);
    const again = item.reprocessedAs as string;
    expect((await review.call('POST', `/quarantine/${again}:reprocess`)).status).toBe(202);
    expect((await review.reprocessed(again)).reprocessOutcome).toBe('anonymized');
    const records = await recordsOf(up.uploadId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ modality: 'US', pixelCleaning: { boxes: [], frames: 1 } });
  });
});

it('shows no planted identity and no uploaded file name in a response, an event or an audit record', () =>
  review.expectNothingIdentifying());
