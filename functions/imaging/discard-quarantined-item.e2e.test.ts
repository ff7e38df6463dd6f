/**
 * End to end through the local suite: `POST /quarantine/{id}:discard` closes an item once; the review
 * routes answer 403 to every other role, 404 to unknown ids and 400 problem+json to bad input; the
 * list pages with a cursor.
 */

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { token } from '../../emulators/test/suite.ts';
import { exists, registeredCenter, uploadPrefix } from './test/imaging-harness.ts';
import { auditOf, refusedByV1, reviewSession } from './test/quarantine-review-harness.ts';

const CODE = 'QRD-E2E';

let review: Awaited<ReturnType<typeof reviewSession>>;

beforeAll(async () => {
  review = await reviewSession();
  await registeredCenter(CODE);
});
afterAll(() => review.close());

describe('discarding, and what review refuses', () => {
  it('discard removes the copy and closes the item, once; a discarded item is not reprocessed', async () => {
    const { imageId } = await review.seedV1Refusal(uploadPrefix(CODE).at('IM-DISCARD'), refusedByV1());
    const first = await review.call('POST', `/quarantine/${imageId}:discard`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ imageId, status: 'discarded', reason: 'residual-phi' });
    expect(await exists('quarantine', `rejected/${imageId}`)).toBe(false);
    expect((await review.call('POST', `/quarantine/${imageId}:discard`)).status).toBe(200);
    expect(await auditOf(imageId)).toEqual([
      expect.objectContaining({ action: 'discard', role: 'privacy_officer' }),
    ]);
    const reprocess = await review.call('POST', `/quarantine/${imageId}:reprocess`);
    expect(reprocess.status).toBe(409);
    expect(reprocess.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers 403 to every other role, 404 to unknown ids, 400 problem+json to bad bodies and queries', async () => {
    const { imageId } = await review.seedV1Refusal(uploadPrefix(CODE).at('IM-ROLES'), refusedByV1());
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
        expect((await review.call(method, path, body, as)).status).toBe(403);
    expect(await exists('quarantine', `rejected/${imageId}`)).toBe(true);

    const unknown = randomUUID();
    for (const [method, path] of [
      ['GET', `/quarantine/${unknown}`],
      ['POST', `/quarantine/${unknown}:reprocess`],
      ['POST', `/quarantine/${unknown}:discard`],
      ['POST', '/quarantine/not-an-id:discard'],
      ['GET', `/quarantine/reprocess-jobs/${unknown}`],
    ] as const) {
      const res = await review.call(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }

    for (const [body, field] of [
      [{ reason: 'Not A Code!' }, 'body.reason'],
      [{ center: 'x' }, 'body.center'],
      [{ everything: true }, 'body.everything'],
    ] as const) {
      const res = await review.call('POST', '/quarantine:reprocess', body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
    }
    expect((await review.call('GET', '/quarantine?cursor=bm9wZQ')).status).toBe(400);
    expect((await review.call('GET', '/quarantine?reason=NOPE%20NOPE')).status).toBe(400);
    expect((await review.call('GET', '/quarantine/audit?cursor=bm9wZQ')).status).toBe(400);
  });

  it('pages the list with a cursor', async () => {
    const up = uploadPrefix(CODE);
    for (let i = 0; i < 3; i++)
      await review.seedV1Refusal(up.at(`IM-PAGE-${i}`), refusedByV1(), 'malformed-dicom');
    const ids = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const q = `/quarantine?center=${CODE}&reason=malformed-dicom&pageSize=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await review.call('GET', q)).body as {
        items: { imageId: string }[];
        nextCursor?: string;
      };
      for (const i of page.items) ids.add(i.imageId);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(ids.size).toBe(3);
    expect(pages).toBe(2);
  });
});

it('shows no planted identity and no uploaded file name in a response, an event or an audit record', () =>
  review.expectNothingIdentifying());
