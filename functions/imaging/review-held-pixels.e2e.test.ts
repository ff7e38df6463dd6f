/**
 * End to end through the local suite: a privacy officer's pixel review of a held image. The officer sees
 * its first frame (`GET /quarantine/{id}/frame`, PNG, never cached), draws the regions to fill
 * (`POST /quarantine/{id}:review`), and the image is published with exactly those regions filled, whatever
 * the center's cleaning setting: the review stands in for the OCR. Audited as `pixel-review`. Only held
 * images can be reviewed.
 */
import { loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, suite, token } from '../../emulators/test/suite.ts';
import { explicitLittleEndian } from './fixtures/dicom-fixtures.ts';
import { finished, registeredCenter, upload, uploadPrefix } from './test/imaging-harness.ts';
import { auditOf, recordsOf, refusedByV1, reviewSession } from './test/quarantine-review-harness.ts';

const HOLDING = 'PXR-HLD';
const REGION = { x0: 0, y0: 0, x1: 15, y1: 7 };

let review: Awaited<ReturnType<typeof reviewSession>>;

beforeAll(async () => {
  review = await reviewSession();
  await registeredCenter(HOLDING);
  const off = await review.call(
    'PUT',
    `/centers/${HOLDING}/imaging-policy`,
    { cleanPixels: false },
    review.admin,
  );
  expect(off.status).toBe(200);
});
afterAll(() => review.close());

async function heldUs(name: string) {
  const up = uploadPrefix(HOLDING);
  review.names.push(name);
  const u = await upload(up.at(name), explicitLittleEndian({ modality: 'US', rows: 32, columns: 32 }));
  expect(await finished(u.imageId)).toMatchObject({ status: 'held', reason: 'burned-in-risk' });
  return { ...u, uploadId: up.uploadId };
}

describe('pixel review of a held image', () => {
  it('shows the officer the held frame as an uncached PNG, and nobody else', async () => {
    const u = await heldUs('US-REVIEW-FRAME');
    const res = await fetch(`${suite().apiUrl}/quarantine/${u.imageId}/frame`, {
      headers: { Authorization: `Bearer ${review.officer}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const png = await loadImage(Buffer.from(await res.arrayBuffer()));
    expect([png.width, png.height]).toEqual([32, 32]);

    const center = await token(['health_center']);
    const denied = await fetch(`${suite().apiUrl}/quarantine/${u.imageId}/frame`, {
      headers: { Authorization: `Bearer ${center}` },
    });
    expect(denied.status).toBe(403);
  });

  it('publishes the held image with the drawn regions filled, although its center keeps cleaning off', async () => {
    const u = await heldUs('US-REVIEW-0001');
    const accepted = await review.call('POST', `/quarantine/${u.imageId}:review`, { regions: [REGION] });
    expect(accepted.status).toBe(202);
    const item = await review.reprocessed(u.imageId);
    expect(item.reprocessOutcome).toBe('anonymized');
    const [record] = await recordsOf(u.uploadId);
    expect(record).toMatchObject({ modality: 'US', pixelCleaning: { boxes: [REGION], frames: 1 } });
    const audit = await auditOf(u.imageId);
    expect(audit).toContainEqual(expect.objectContaining({ action: 'pixel-review', regions: 1 }));
  });

  it('no regions: the officer found the pixels safe, and the image is published as it was', async () => {
    const u = await heldUs('US-REVIEW-0002');
    expect((await review.call('POST', `/quarantine/${u.imageId}:review`, { regions: [] })).status).toBe(202);
    expect((await review.reprocessed(u.imageId)).reprocessOutcome).toBe('anonymized');
    const [record] = await recordsOf(u.uploadId);
    expect(record).toMatchObject({ pixelCleaning: { boxes: [] } });
  });

  it('refuses a review of a refused (not held) file, and a region drawn backwards, naming the field', async () => {
    const up = uploadPrefix(HOLDING);
    const { imageId } = await review.seedV1Refusal(up.at('IM-REFUSED-0001'), refusedByV1());
    const notHeld = await review.call('POST', `/quarantine/${imageId}:review`, { regions: [] });
    expect(notHeld.status).toBe(409);
    expect(notHeld.body).toMatchObject({ type: expect.stringMatching(/not-held/) });

    const backwards = await api('POST', `/quarantine/${imageId}:review`, {
      token: review.officer,
      body: { regions: [{ x0: 9, y0: 0, x1: 1, y1: 4 }] },
    });
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain('body.regions.0');
  });
});

it('shows no planted identity and no uploaded file name in a response, an event or an audit record', () =>
  review.expectNothingIdentifying());
