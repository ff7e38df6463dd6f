/**
 * End to end through the local suite: `POST /quarantine:reprocess` drains every matching item as a
 * job with counters (`GET /quarantine/reprocess-jobs/{id}`); a re-refused file is one open item again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../emulators/test/suite.ts';
import { db } from '../platform/clients.ts';
import { QUARANTINE_AUDIT } from './adapters/quarantine-review-audit.ts';
import { explicitLittleEndian } from './fixtures/dicom-fixtures.ts';
import { exists, registeredCenter, uploadPrefix } from './test/imaging-harness.ts';
import { recordsOf, reviewSession } from './test/quarantine-review-harness.ts';

const BACKLOG = 'QRV-BKL';

let review: Awaited<ReturnType<typeof reviewSession>>;

beforeAll(async () => {
  review = await reviewSession();
  await registeredCenter(BACKLOG);
});
afterAll(() => review.close());

describe('reprocessing a backlog', () => {
  it('drains every matching item as a job: done = total, with published and still-refused counts', async () => {
    const up = uploadPrefix(BACKLOG);
    const clean = await Promise.all(
      [1, 2, 3].map((n) => review.seedV1Refusal(up.at(`BK-000${n}`), explicitLittleEndian())),
    );
    const text = await review.seedV1Refusal(
      up.at('BK-NOTES.txt'),
      Buffer.from('still not an image'),
      'not-an-image',
    );

    const res = await review.call('POST', '/quarantine:reprocess', { center: BACKLOG });
    expect(res.status).toBe(202);
    const location = res.headers.get('location') as string;
    expect(location).toMatch(/^\/quarantine\/reprocess-jobs\/[0-9a-f-]{36}$/);
    const job = await eventually(async () => {
      const j = (await review.call('GET', location)).body as Record<string, unknown>;
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
    for (const c of clean)
      expect(await review.itemOf(c.imageId)).toMatchObject({ reprocessOutcome: 'anonymized' });
    expect(await recordsOf(up.uploadId)).toHaveLength(3);

    // The re-refused file is one item again: the new one, pointing at the old; the old copy is gone.
    const old = await review.itemOf(text.imageId);
    expect(old).toMatchObject({ status: 'reprocessed', reprocessOutcome: 'rejected' });
    const open = (await review.call('GET', `/quarantine?center=${BACKLOG}`)).body as {
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

it('shows no planted identity and no uploaded file name in a response, an event or an audit record', () =>
  review.expectNothingIdentifying());
