/**
 * DCMTK's echoscu and storescu (Debian `dcmtk`), clients no one here wrote, against the adapter running
 * as its own process beside the local suite: C-ECHO, then one association of a 50-file study (CT, MR,
 * a CT multi-frame; explicit/implicit LE, explicit BE; JPEG lossless, JPEG-LS and RLE encoded by DCMTK).
 * Every C-STORE must succeed, every instance must come out anonymized at GET /uploads/{id} and in the
 * center's catalogue, and the adapter's log must carry the association's outcome and no PHI.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../emulators/test/suite.ts';
import { dcmdump } from '../../functions/imaging/fixtures/dcmtk.ts';
import { canaryPhi, phiStrings } from '../../functions/imaging/fixtures/dicom-fixtures.ts';
import {
  catalogueCount,
  type ServiceCenter,
  serviceCenter,
  settledTotals,
  startAdapter,
} from './test/adapter-harness.ts';
import { type AdapterUnderTest, platformUploadIds } from './test/adapter-process.ts';
import { runTool, storeStatuses, storescu, storescuProfile } from './test/dcmtk-tools.ts';
import { writeStudy } from './test/study-files.ts';

const CODE = 'DCM-STORESCU';
const FILES = 50;
let center: ServiceCenter;
let adapter: AdapterUnderTest;
let dir: string;
let files: string[];

describe('DCMTK echoscu and storescu through the adapter to STOW-RS', () => {
  beforeAll(async () => {
    center = await serviceCenter(CODE, ['STORESCU', 'ECHOSCU']);
    adapter = await startAdapter({ name: 'dcmtk', slot: 0, centers: [center] });
    dir = mkdtempSync(join(tmpdir(), 'dcmtk-study-'));
    files = await writeStudy(dir, FILES, 'SCU');
  }, 120_000);

  afterAll(async () => {
    await adapter?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('builds the study it claims: DCMTK reads every transfer syntax', () => {
    const syntaxes = new Set(files.map((f) => /\(0002,0010\) UI =(\S+)/.exec(dcmdump(f).stdout)?.[1]));
    expect(syntaxes).toEqual(
      new Set([
        'LittleEndianExplicit',
        'LittleEndianImplicit',
        'BigEndianExplicit',
        'JPEGLossless:Non-hierarchical-1stOrderPrediction',
        'JPEGLSLossless',
        'RLELossless',
      ]),
    );
  });

  it('answers C-ECHO', async () => {
    const r = await runTool('echoscu', [
      '-v',
      '-aet',
      'ECHOSCU',
      '-aec',
      'SALUDTECH',
      '127.0.0.1',
      String(adapter.dimsePort),
    ]);
    expect(r.output).toContain('Received Echo Response (Success)');
    expect(r.code).toBe(0);
  });

  it('takes a 50-file study in one association; each instance is anonymized and catalogued', async () => {
    const r = await storescu(adapter.dimsePort, files, storescuProfile(dir));
    const statuses = storeStatuses(r.output);
    expect(statuses, r.output.slice(-2000)).toHaveLength(FILES);
    expect(statuses.filter((s) => s.status !== 'Success')).toEqual([]);
    expect(r.code).toBe(0);

    // The spool drains: every instance answered by the platform (ReferencedSOPSequence), none failed.
    await eventually(
      async () => {
        const m = await adapter.metrics();
        return m.dicom_adapter_spool_files === 0 &&
          m['dicom_adapter_forwarded_total{via="stow-rs"}'] === FILES
          ? true
          : undefined;
      },
      60_000,
      250,
    );
    expect((await adapter.metrics()).dicom_adapter_failed_total ?? 0).toBe(0);

    const lines = adapter.lines();
    const accepted = lines.find(
      (l) =>
        l.message === 'association accepted' &&
        l.uploadId &&
        (l['logging.googleapis.com/labels'] as Record<string, string>).callingAe === 'STORESCU',
    );
    const ours = accepted?.uploadId as string;
    const uploads = platformUploadIds(lines);
    // One association = one upload id, sent as ?upload= on every batch. Until STOW-RS honours it, each batch
    // is a new platform upload; once it does, there is exactly one and it is ours.
    if (uploads.includes(ours)) expect(uploads).toEqual([ours]);
    else console.warn(`STOW-RS ignored ?upload=: ${uploads.length} platform uploads for one association`);
    const totals = await settledTotals(uploads, center.token);
    expect(totals).toEqual({ received: FILES, anonymized: FILES, rejected: 0, held: 0 });
    expect(await catalogueCount(CODE, center.token)).toBe(FILES);

    // The association's outcome, in Cloud Logging shape, grouped by its operation id.
    const ended = lines.find((l) => l.message === 'association ended' && l.uploadId === ours);
    expect(ended).toMatchObject({ severity: 'INFO', how: 'released', stored: FILES, refused: 0 });
    const forwarded = await eventually(async () =>
      adapter.lines().find((l) => l.message === 'upload forwarded' && l.uploadId === ours),
    );
    expect(forwarded).toMatchObject({
      severity: 'INFO',
      stored: FILES,
      forwarded: FILES,
      failed: 0,
      'logging.googleapis.com/operation': { id: ours, producer: 'saludtech-dicom-adapter', last: true },
      'logging.googleapis.com/labels': { component: 'dicom-adapter', callingAe: 'STORESCU', center: CODE },
    });
  }, 300_000);

  it('logs no PHI: no canary value, no SOP Instance or Study UID', () => {
    const log = readFileSync(adapter.child.log, 'utf8');
    for (const s of phiStrings(canaryPhi('SCU'))) expect(log).not.toContain(s);
    expect(log).not.toContain('1.2.826.0.1.3680043.10.1499.7.');
  });
});
