/**
 * dicom-adapter: DCMTK storescu sends one study in one association, (1) to DCMTK's own storescp writing to
 * disk (the floor), (2) to the adapter, timed until every instance is accepted by the platform's STOW-RS.
 * Then the adapter's peak RSS (VmHWM) while it takes a 2 GB association of big multi-frame files, spooled
 * with the platform unreachable, so the figure is the receive-and-spool path alone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Benchmark, sized } from '../../bench/bench.types.ts';
import { ensureUser, tokenFor } from '../../emulators/auth/users.ts';
import { freePort } from '../../emulators/test/free-port.ts';
import { IMAGING_CENTERS } from '../../functions/imaging/adapters/imaging-centers.repository.ts';
import { writeBigMultiframe } from '../../functions/imaging/fixtures/corpus-writers.ts';
import { db } from '../../functions/platform/clients.ts';
import { type AdapterUnderTest, startAdapterProcess } from './test/adapter-process.ts';
import { storescu, storescuProfile } from './test/dcmtk-tools.ts';
import { writeStudy } from './test/study-files.ts';

const MiB = 1024 * 1024;
const CODE = `BENCH-DCM-${Date.now().toString(36).toUpperCase()}`;
const AE = 'BENCHSCU';

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A center registered through the API, with its service identity in the Auth emulator. */
async function benchCenter(apiUrl: string, projectId: string, authHost: string) {
  const admin = await tokenFor(projectId, authHost, {
    email: 'bench-admin@saludtech.example',
    roles: ['admin'],
  });
  const res = await fetch(`${apiUrl}/centers`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: CODE, name: 'Bench DICOM', city: 'Pasto', contactEmail: 'b@dcm.example' }),
  });
  if (res.status !== 202) throw new Error(`registering the bench center: HTTP ${res.status}`);
  const centerId = (res.headers.get('location') as string).split('/').pop() as string;
  await until(
    async () => ((await db().collection(IMAGING_CENTERS).doc(CODE).get()).exists ? true : undefined),
    60_000,
  );
  const email = `dicom-adapter@${CODE.toLowerCase()}.bench.saludtech.example`;
  const password = randomBytes(12).toString('base64url');
  await ensureUser(projectId, { email, password, roles: ['health_center'], centerId });
  return { code: CODE, callingAeTitles: [AE], email, password };
}

/** storescu → storescp (all transfer syntaxes, writing each file to disk): seconds for the whole association. */
async function storescpFloor(files: string[], dir: string): Promise<number> {
  const port = await freePort();
  const out = join(dir, 'storescp-out');
  mkdirSync(out, { recursive: true });
  const scp: ChildProcess = spawn('storescp', ['+xa', '-aet', 'STORESCP', '-od', out, String(port)], {
    stdio: 'ignore',
  });
  try {
    await new Promise((r) => setTimeout(r, 500));
    const t0 = performance.now();
    const r = await storescu(port, files, storescuProfile(dir), { aet: AE, aec: 'STORESCP' });
    if (r.code !== 0) throw new Error(`storescu → storescp failed: ${r.output.slice(-500)}`);
    return (performance.now() - t0) / 1000;
  } finally {
    scp.kill('SIGTERM');
  }
}

const total = (m: Record<string, number>, name: string) =>
  Object.entries(m).reduce((n, [k, v]) => (k === name || k.startsWith(`${name}{`) ? n + v : n), 0);

/** Peak resident set of a process so far (Linux VmHWM), in MiB. */
const peakRssMiB = (pid: number) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;

const bench: Benchmark = {
  name: 'dicom-adapter',
  description:
    'storescu → storescp (floor) vs storescu → adapter → accepted by STOW-RS, one association; adapter peak RSS over a 2 GB association',
  async run(ctx) {
    const suite = await ctx.suite();
    const authHost = suite.env.FIREBASE_AUTH_EMULATOR_HOST as string;
    const n = sized(ctx, 200, 10);
    const bigFiles = sized(ctx, 8, 1);
    const bigBytes = sized(ctx, 256 * MiB, 32 * MiB);
    const dir = mkdtempSync(join(tmpdir(), 'bench-dicom-adapter-'));
    const adapters: AdapterUnderTest[] = [];
    try {
      const center = await benchCenter(suite.apiUrl, suite.projectId, authHost);
      const files = await writeStudy(join(dir, 'study'), n, 'BENCH', 256, 256);
      const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
      const floorSeconds = await storescpFloor(files, dir);

      const adapter = await startAdapterProcess({
        name: 'bench',
        slot: 5,
        centers: [center],
        platformUrl: suite.apiUrl,
        authHost,
      });
      adapters.push(adapter);
      const t0 = performance.now();
      const sent = await storescu(adapter.dimsePort, files, storescuProfile(dir), { aet: AE });
      if (sent.code !== 0) throw new Error(`storescu → adapter failed: ${sent.output.slice(-500)}`);
      const ackSeconds = (performance.now() - t0) / 1000;
      await until(async () => {
        const m = await adapter.metrics();
        return m.dicom_adapter_spool_files === 0 && total(m, 'dicom_adapter_forwarded_total') >= n
          ? true
          : undefined;
      }, 300_000);
      const acceptedSeconds = (performance.now() - t0) / 1000;
      const m = await adapter.metrics();

      // 2 GB in one association, spool only: nothing listens at the platform URL.
      const big = await Promise.all(
        Array.from({ length: bigFiles }, async (_, i) => {
          const path = join(dir, 'big', `${i}.dcm`);
          await writeBigMultiframe(path, bigBytes, { uids: uidsFor(i) });
          return path;
        }),
      );
      const bigTotal = big.reduce((s, f) => s + statSync(f).size, 0);
      const spooler = await startAdapterProcess({
        name: 'bench-rss',
        slot: 6,
        centers: [center],
        platformUrl: `http://127.0.0.1:${await freePort()}`,
        authHost,
        spoolMaxBytes: bigTotal * 2,
      });
      adapters.push(spooler);
      const rssBefore = peakRssMiB(spooler.child.pid);
      const tb = performance.now();
      const bigSent = await storescu(spooler.dimsePort, big, [], { aet: AE });
      if (bigSent.code !== 0)
        throw new Error(`storescu → adapter (big) failed: ${bigSent.output.slice(-500)}`);
      const bigSeconds = (performance.now() - tb) / 1000;
      const rssPeak = peakRssMiB(spooler.child.pid);

      return {
        files: { value: n, unit: 'files' },
        studyMiB: { value: bytes / MiB, unit: 'MiB' },
        storescpFilesPerSecond: { value: n / floorSeconds, unit: 'files/s' },
        storescpMiBPerSecond: { value: bytes / MiB / floorSeconds, unit: 'MiB/s' },
        adapterAckFilesPerSecond: { value: n / ackSeconds, unit: 'files/s' },
        adapterAcceptedFilesPerSecond: { value: n / acceptedSeconds, unit: 'files/s' },
        adapterAcceptedMiBPerSecond: { value: bytes / MiB / acceptedSeconds, unit: 'MiB/s' },
        stowRequests: { value: total(m, 'dicom_adapter_stow_requests_total'), unit: 'requests' },
        bigAssociationGiB: { value: bigTotal / 1024 ** 3, unit: 'GiB' },
        bigAssociationMiBPerSecond: { value: bigTotal / MiB / bigSeconds, unit: 'MiB/s' },
        adapterRssAtStart: { value: rssBefore, unit: 'MiB' },
        adapterPeakRssBigAssociation: { value: rssPeak, unit: 'MiB' },
      };
    } finally {
      for (const a of adapters) await a.stop().catch(() => undefined);
      for (const a of adapters) rmSync(a.spoolDir, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** Distinct UIDs per big file (one study). */
function uidsFor(i: number) {
  const study = `1.2.826.0.1.3680043.10.1499.77.${Date.now() % 1_000_000}`;
  return {
    study,
    series: `${study}.1`,
    sop: `${study}.1.${i}`,
    frameOfReference: `${study}.8`,
    referencedSop: `${study}.1.0`,
  };
}

export default bench;
