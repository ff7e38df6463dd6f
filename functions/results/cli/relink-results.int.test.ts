/**
 * The relink migration against the suite's Firestore: a result written the old way (pseudonym keyed under
 * the center id) joins no image of the patient; after `relink-results` with the center's MRNs it carries
 * exactly the patientToken imaging gave the patient's image, its sealed text still opens, and a second run
 * changes nothing.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, token } from '../../../emulators/test/suite.ts';
import { ClinicalResultDoc } from '../../../schemas/results/v1/clinical-result.view.ts';
import { IMAGES } from '../../imaging/adapters/catalogue.repository.ts';
import { explicitLittleEndian } from '../../imaging/fixtures/dicom-fixtures.ts';
import { fixtureUid } from '../../imaging/fixtures/standard-dataset.ts';
import { finished, registeredCenter, upload, uploadPrefix } from '../../imaging/test/imaging-harness.ts';
import { db } from '../../platform/clients.ts';
import { linkageKeyring } from '../../tokens/lib/index.ts';
import { freshSeeds, issuerCenterKnown } from '../../tokens/tokens.test-support.ts';
import { openResult, RESULTS, sealResult } from '../adapters/result.repository.ts';
import { relinkCenterResults } from './relink-results.ts';

const CODE = 'RES-RELINK';
const MRN = 'HC-55-0192';
const OTHER_MRN = 'HC-55-0193';
const TEXT = 'Glucosa 98 mg/dL';
const CLI = fileURLToPath(new URL('./relink-results.cli.ts', import.meta.url));

let centerId: string;
beforeAll(async () => {
  await freshSeeds();
  ({ centerId } = await registeredCenter(CODE));
  await issuerCenterKnown(centerId);
});

/** What record-result stored before issuers were center codes: the pseudonym keyed under the center id. */
async function legacyResult(mrn: string): Promise<string> {
  const id = randomUUID();
  const ring = await linkageKeyring(centerId, mrn);
  await db()
    .collection(RESULTS)
    .doc(id)
    .create({
      id,
      centerId,
      patientPseudonym: ring.pseudonym('patient_id', mrn, centerId),
      result: await sealResult(id, TEXT),
      recordedBy: 'legacy-user',
      recordedAt: new Date().toISOString(),
    });
  return id;
}

/** The patientToken imaging gives a DICOM image of this center whose Patient ID is `mrn`. */
async function imagingToken(mrn: string): Promise<string> {
  const n = Date.now();
  const bytes = explicitLittleEndian({
    phi: { patientId: mrn },
    uids: { study: fixtureUid(n, 1), series: fixtureUid(n, 2), sop: fixtureUid(n, 3) },
  });
  const u = await upload(uploadPrefix(CODE).at('IM0001'), bytes);
  expect((await finished(u.imageId)).status).toBe('anonymized');
  const record = (await db().collection(IMAGES).doc(u.imageId).get()).data() as { patientToken?: string };
  expect(record.patientToken).toMatch(/^psn:patient_id:v\d+:/);
  return record.patientToken as string;
}

const stored = async (id: string) =>
  (await db().collection(RESULTS).doc(id).get()).data() as Record<string, unknown>;

function runCli(...args: string[]) {
  const out = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, METADATA_SERVER_DETECTION: 'none' },
    timeout: 60_000,
  });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

describe('relink-results', () => {
  it('re-keys a legacy result under the center code: it then joins the patient’s image; a rerun is a no-op', async () => {
    const legacy = await legacyResult(MRN);
    const unexplained = await legacyResult(OTHER_MRN);
    const patientToken = await imagingToken(MRN);
    // The bug being migrated away: the same patient, two pseudonyms.
    expect((await stored(legacy)).patientPseudonym).not.toBe(patientToken);

    const dir = mkdtempSync(join(tmpdir(), 'relink-'));
    const mrns = join(dir, 'mrns.txt');
    writeFileSync(mrns, `${MRN}\nHC-55-9999\n\n`);
    const dry = await relinkCenterResults({ centerId, mrns: [MRN], dryRun: true });
    expect(dry).toMatchObject({ unlinked: 2, matched: 1, relinked: 0, dryRun: true });
    expect((await stored(legacy)).patientIssuer).toBeUndefined();

    const first = runCli('--center', centerId, '--mrns', mrns);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      centerId,
      issuer: CODE,
      unlinked: 2,
      matched: 1,
      relinked: 1,
      unmatched: 1,
      retiredSeedVersions: [],
      dryRun: false,
    });
    // Counts only: no MRN in what the tool prints.
    expect(first.stdout + first.stderr).not.toContain('HC-55');

    const after = await stored(legacy);
    expect(after).toMatchObject({
      patientPseudonym: patientToken,
      patientIssuer: CODE,
      relinkedAt: expect.any(String),
    });
    expect(await openResult(ClinicalResultDoc.parse(after))).toBe(TEXT);
    expect((await stored(unexplained)).patientIssuer).toBeUndefined();
    const read = await api('GET', `/results/${legacy}`, { token: await token(['health_center'], centerId) });
    expect(read.body).toMatchObject({ patientPseudonym: patientToken, patientIssuer: CODE, result: TEXT });

    const again = runCli('--center', centerId, '--mrns', mrns);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ unlinked: 1, matched: 0, relinked: 0, unmatched: 1 });
    expect((await stored(legacy)).relinkedAt).toBe(after.relinkedAt);
  });

  it('refuses usage errors (2) and a center the tokens context does not know (1)', () => {
    expect(runCli('--center', centerId).status).toBe(2);
    const unknown = runCli('--center', randomUUID(), '--mrns', '/dev/null');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/not in the tokens context's list of centers/);
  });
});
