/**
 * The adapter under faults, with DCMTK's echoscu/storescu as the senders and the adapter as its own
 * process, talking to the platform through a link the test can cut:
 * - an unknown calling AE is refused at association;
 * - a corrupt file gets a failure status and the rest of its association goes through;
 * - the platform is unreachable for a whole 100-file send: every C-STORE still succeeds, the spool drains
 *   once the link is back, and the catalogue ends with exactly 100 records;
 * - the adapter is killed mid-association: what it acknowledged is forwarded after its restart, what it
 *   did not acknowledge the sender sends again, and nothing is lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, suite } from '../../emulators/test/suite.ts';
import {
  catalogueCount,
  type ServiceCenter,
  serviceCenter,
  settledTotals,
  startAdapter,
} from './test/adapter-harness.ts';
import { type AdapterUnderTest, AE_TITLE, platformUploadIds } from './test/adapter-process.ts';
import { runTool, storeStatuses, storescu, storescuProfile } from './test/dcmtk-tools.ts';
import { writeStudy, writeTruncatedInstance } from './test/study-files.ts';
import { type SwitchableLink, switchableLink } from './test/switchable-link.ts';

let link: SwitchableLink;
let adapter: AdapterUnderTest;
let dir: string;
const centers: Record<'corrupt' | 'down' | 'killed', ServiceCenter> = {} as never;

const start = (spoolDir?: string) =>
  startAdapter({
    name: 'faults',
    slot: 1,
    centers: Object.values(centers),
    platformUrl: link.url,
    ...(spoolDir ? { spoolDir } : {}),
  });

/** Waits until the adapter's spool is empty: every instance it acknowledged got the platform's answer. */
const drained = () =>
  eventually(
    async () => ((await adapter.metrics()).dicom_adapter_spool_files === 0 ? true : undefined),
    120_000,
    250,
  );

/** A counter summed over its labels. */
const total = (m: Record<string, number>, name: string) =>
  Object.entries(m).reduce((n, [k, v]) => (k === name || k.startsWith(`${name}{`) ? n + v : n), 0);

const successes = (output: string) => storeStatuses(output).filter((s) => s.status === 'Success');

describe('the DICOM adapter under faults', () => {
  beforeAll(async () => {
    centers.corrupt = await serviceCenter('DCM-CORRUPT', ['CORRUPT']);
    centers.down = await serviceCenter('DCM-LINKDOWN', ['LINKDOWN']);
    centers.killed = await serviceCenter('DCM-KILLED', ['KILLED']);
    link = await switchableLink(suite().apiUrl);
    adapter = await start();
    dir = mkdtempSync(join(tmpdir(), 'dicom-faults-'));
  }, 120_000);

  afterAll(async () => {
    await adapter?.stop();
    await link?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an association from a calling AE on no allow-list', async () => {
    const r = await runTool('echoscu', [
      '-v',
      '-aet',
      'NOBODY',
      '-aec',
      AE_TITLE,
      '127.0.0.1',
      String(adapter.dimsePort),
    ]);
    expect(r.output).toMatch(/Association Rejected/);
    expect(r.output).toMatch(/Calling AE Title Not Recognized/i);
    expect(r.code).not.toBe(0);
    const m = await adapter.metrics();
    expect(m['dicom_adapter_associations_total{outcome="rejected-calling-ae"}']).toBe(1);
  });

  it('answers a corrupt file with a failure status and takes the rest of the association', async () => {
    const good = await writeStudy(join(dir, 'corrupt-case'), 2, 'COR');
    const bad = writeTruncatedInstance(join(dir, 'truncated.dcm'), 'COR');
    const r = await storescu(adapter.dimsePort, [good[0] as string, bad, good[1] as string], [], {
      aet: 'CORRUPT',
    });
    expect(storeStatuses(r.output).map((s) => s.status)).toEqual([
      'Success',
      expect.stringMatching(/Cannot ?understand/i),
      'Success',
    ]);
    await drained();
    await eventually(async () =>
      (await catalogueCount('DCM-CORRUPT', centers.corrupt.token)) === 2 ? true : undefined,
    );
  }, 180_000);

  it('takes a 100-file send while the platform is unreachable, then delivers exactly 100 records', async () => {
    const files = await writeStudy(join(dir, 'down-case'), 100, 'DWN', 16, 16);
    const before = await adapter.metrics();
    link.down();
    const r = await storescu(adapter.dimsePort, files, storescuProfile(dir), { aet: 'LINKDOWN' });
    expect(successes(r.output)).toHaveLength(100);
    const during = await adapter.metrics();
    expect(during.dicom_adapter_spool_files).toBe(100);
    expect(total(during, 'dicom_adapter_forwarded_total')).toBe(
      total(before, 'dicom_adapter_forwarded_total'),
    );
    // The adapter kept trying (and backing off) while the link was down.
    await eventually(async () =>
      ((await adapter.metrics())['dicom_adapter_retries_total{cause="no-answer"}'] ?? 0) > 0
        ? true
        : undefined,
    );
    expect(await catalogueCount('DCM-LINKDOWN', centers.down.token)).toBe(0);

    link.up();
    await drained();
    const uploads = platformUploadIds(adapter.lines().filter((l) => l.uploadId && isFrom(l, 'LINKDOWN')));
    expect(uploads).toHaveLength(1);
    expect(await settledTotals(uploads, centers.down.token)).toEqual({
      received: 100,
      anonymized: 100,
      rejected: 0,
      held: 0,
    });
    expect(await catalogueCount('DCM-LINKDOWN', centers.down.token)).toBe(100);
  }, 300_000);

  it('loses nothing when killed mid-association: acknowledged files are forwarded, the rest re-sent', async () => {
    const files = await writeStudy(join(dir, 'kill-case'), 30, 'KIL', 256, 256);
    let killed: Promise<void> | undefined;
    const first = await storescu(adapter.dimsePort, files, storescuProfile(dir), {
      aet: 'KILLED',
      onOutput: (soFar) => {
        if (!killed && successes(soFar).length >= 10) killed = adapter.kill9();
      },
    });
    await killed;
    const acked = new Set(successes(first.output).map((s) => s.file));
    expect(acked.size).toBeGreaterThanOrEqual(10);
    expect(acked.size).toBeLessThan(30);
    expect(first.code).not.toBe(0);

    adapter = await start(adapter.spoolDir);
    // The sender retries what it was not told succeeded, as a PACS does, in a new association.
    const rest = files.filter((f) => !acked.has(f));
    const again = await storescu(adapter.dimsePort, rest, storescuProfile(dir), { aet: 'KILLED' });
    expect(successes(again.output)).toHaveLength(rest.length);
    await drained();
    await eventually(
      async () => ((await catalogueCount('DCM-KILLED', centers.killed.token)) >= 30 ? true : undefined),
      120_000,
    );
    expect(await catalogueCount('DCM-KILLED', centers.killed.token)).toBe(30);
  }, 300_000);
});

function isFrom(line: Record<string, unknown>, callingAe: string): boolean {
  return (
    (line['logging.googleapis.com/labels'] as Record<string, string> | undefined)?.callingAe === callingAe
  );
}
