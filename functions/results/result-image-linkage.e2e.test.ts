/**
 * Results and images link through the suite: a center is the issuer of its own patient ids (another center's
 * code is refused), and its result for MRN X carries the very patientToken imaging gives that center's image
 * with Patient ID X, because both key under the center code.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, token } from '../../emulators/test/suite.ts';
import { IMAGES } from '../imaging/adapters/catalogue.repository.ts';
import { explicitLittleEndian } from '../imaging/fixtures/dicom-fixtures.ts';
import { fixtureUid } from '../imaging/fixtures/standard-dataset.ts';
import { finished, registeredCenter, upload, uploadPrefix } from '../imaging/test/imaging-harness.ts';
import { db } from '../platform/clients.ts';
import { freshSeeds, issuerCenterKnown } from '../tokens/tokens.test-support.ts';

const A = 'RES-LINK-A';
const B = 'RES-LINK-B';
const MRN = 'MRN-4711-X';

let centerA: string;
beforeAll(async () => {
  await freshSeeds();
  ({ centerId: centerA } = await registeredCenter(A));
  const { centerId: centerB } = await registeredCenter(B);
  await Promise.all([issuerCenterKnown(centerA), issuerCenterKnown(centerB)]);
});

const record = async (centerId: string, body: Record<string, unknown>) =>
  api('POST', '/results', {
    token: await token(['health_center'], centerId),
    body: { patient: MRN, result: 'Hemoglobina 13.2 g/dL', ...body },
  });

let uploads = 0;
/** The patientToken imaging gives a DICOM image uploaded under `code` whose Patient ID is `mrn`. */
async function imageToken(code: string, mrn: string): Promise<string> {
  const n = `${Date.now()}.${++uploads}`;
  const bytes = explicitLittleEndian({
    phi: { patientId: mrn },
    uids: { study: fixtureUid(n, 1), series: fixtureUid(n, 2), sop: fixtureUid(n, 3) },
  });
  const u = await upload(uploadPrefix(code).at('IM0001'), bytes);
  expect((await finished(u.imageId)).status).toBe('anonymized');
  const doc = (await db().collection(IMAGES).doc(u.imageId).get()).data() as { patientToken?: string };
  return doc.patientToken as string;
}

describe('the issuer of a result’s patient id', () => {
  it('is refused (403, body.issuer) when center A names center B’s code, or its own center id', async () => {
    for (const issuer of [B, centerA]) {
      const res = await record(centerA, { issuer });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({
        type: expect.stringMatching(/forbidden-issuer$/),
        errors: [{ field: 'body.issuer' }],
      });
      expect(JSON.stringify(res.body)).not.toContain(MRN);
    }
    const own = await record(centerA, { issuer: A });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ centerId: centerA, patientIssuer: A });
  });

  it('is retriable (503) while the tokens context does not know the caller’s center yet', async () => {
    const res = await record(randomUUID(), {});
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.body).toMatchObject({ type: expect.stringMatching(/issuer-center-unknown$/) });
  });
});

describe('a result and an image of the same patient', () => {
  it('carry the same token at one center, and different ones at two', async () => {
    const res = await record(centerA, {});
    expect(res.status).toBe(201);
    const resultToken = (res.body as { patientPseudonym: string }).patientPseudonym;
    expect(await imageToken(A, MRN)).toBe(resultToken);
    // The same MRN at center B is another patient: its image's token is not A's.
    expect(await imageToken(B, MRN)).not.toBe(resultToken);
  });
});
