/**
 * A real PACS sends to the adapter: Orthanc (Debian `orthanc`), configured with the adapter as its DICOM
 * modality `saludtech`, stores a study through its REST API and sends it with a C-STORE job
 * (`POST /modalities/saludtech/store`). Orthanc's job must report success, and the study must arrive
 * anonymized in the center's catalogue, with none of the canary identity it carried.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orthancInstalled, type RunningOrthanc, startOrthanc } from '../../emulators/test/orthanc.ts';
import { api, eventually } from '../../emulators/test/suite.ts';
import { canaryPhi, phiStrings } from '../../functions/imaging/fixtures/dicom-fixtures.ts';
import {
  catalogueCount,
  type ServiceCenter,
  serviceCenter,
  settledTotals,
  startAdapter,
} from './test/adapter-harness.ts';
import { type AdapterUnderTest, AE_TITLE, platformUploadIds } from './test/adapter-process.ts';
import { writeStudy } from './test/study-files.ts';

const CODE = 'DCM-ORTHANC';
const ORTHANC_AE = 'ORTHANCPACS';
const FILES = 6;
let center: ServiceCenter;
let adapter: AdapterUnderTest;
let orthanc: RunningOrthanc;
let dir: string;

describe.skipIf(!orthancInstalled)('Orthanc as a PACS sends a study to the adapter with C-STORE', () => {
  beforeAll(async () => {
    center = await serviceCenter(CODE, [ORTHANC_AE]);
    adapter = await startAdapter({ name: 'orthanc', slot: 2, centers: [center] });
    orthanc = await startOrthanc('cstore', {
      DicomAet: ORTHANC_AE,
      DicomModalities: { saludtech: [AE_TITLE, '127.0.0.1', adapter.dimsePort] },
    });
    dir = mkdtempSync(join(tmpdir(), 'orthanc-cstore-'));
  }, 120_000);

  afterAll(async () => {
    await orthanc?.stop();
    await adapter?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("answers Orthanc's C-ECHO", async () => {
    await expect(orthanc.rest('POST', '/modalities/saludtech/echo', {})).resolves.toBeDefined();
  });

  it('takes the C-STORE job; every instance comes out anonymized, one upload per association', async () => {
    const files = await writeStudy(dir, FILES, 'ORT');
    const stored = [];
    for (const f of files)
      stored.push(await orthanc.rest<{ ParentStudy: string }>('POST', '/instances', readFileSync(f)));
    const studyId = stored[0]?.ParentStudy as string;
    expect(new Set(stored.map((s) => s.ParentStudy))).toEqual(new Set([studyId]));

    const job = await orthanc.rest<{ ID: string }>('POST', '/modalities/saludtech/store', {
      Resources: [studyId],
      Synchronous: false,
    });
    const done = await eventually(
      async () => {
        const j = await orthanc.rest<{ State: string; Content?: Record<string, unknown> }>(
          'GET',
          `/jobs/${job.ID}`,
        );
        return j.State === 'Success' || j.State === 'Failure' ? j : undefined;
      },
      60_000,
      250,
    );
    expect(done, JSON.stringify(done)).toMatchObject({ State: 'Success' });

    await eventually(async () =>
      (await adapter.metrics()).dicom_adapter_spool_files === 0 &&
      platformUploadIds(adapter.lines()).length > 0
        ? true
        : undefined,
    );
    // Orthanc opens a new association when the next instance needs a transfer syntax the current one lacks:
    // each association is one upload.
    const associations = adapter
      .lines()
      .filter((l) => l.message === 'association ended' && (l.stored as number) > 0)
      .map((l) => l.uploadId);
    const uploads = platformUploadIds(adapter.lines());
    expect(new Set(uploads)).toEqual(new Set(associations));
    expect(await settledTotals(uploads, center.token)).toEqual({
      received: FILES,
      anonymized: FILES,
      rejected: 0,
      held: 0,
    });
    expect(await catalogueCount(CODE, center.token)).toBe(FILES);
    const listed = JSON.stringify(
      (await api('GET', `/images?center=${CODE}&pageSize=100`, { token: center.token })).body,
    );
    for (const s of phiStrings(canaryPhi('ORT'))) expect(listed).not.toContain(s);
  }, 180_000);
});
