/**
 * upload-big: one ~2 GB DICOM (native multi-frame pixel data) dropped into the ingest bucket of the local
 * suite and streamed by anonymize-upload straight into the anonymized bucket. Figures: the function
 * host's peak RSS (VmHWM, and the highest VmRSS sampled while the file was processed) and the time from
 * finalize to the finished ledger entry.
 */

import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { type Benchmark, sized } from '../../bench/bench.types.ts';
import { tokenFor } from '../../emulators/auth/users.ts';
import { db } from '../platform/clients.ts';
import { bucketName } from '../platform/config.ts';
import { IMAGING_CENTERS } from './adapters/imaging-centers.repository.ts';
import { INGESTS, type LedgerEntry } from './adapters/ingest-ledger.ts';
import { imageIdOf } from './domain/image-id.ts';
import { el, writeBigMultiframe } from './fixtures/dicom-fixtures.ts';

const CODE = 'BENCH-BIG';
/** Pixel bytes (BENCH_BIG_BYTES overrides): 2 GB, under the 2 GiB upload limit; 50 MB when quick. */
const FULL_PIXEL_BYTES = Number(process.env.BENCH_BIG_BYTES ?? 2_000_000_000);
const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A process and its descendants (the host is one node process; this also covers a wrapper). */
function processTree(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((t) =>
    readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
  );
  return [pid, ...children.flatMap(processTree)];
}

/** A `/proc/<pid>/status` field in MiB, the largest over the tree. */
const statusMiB = (pid: number, field: 'VmHWM' | 'VmRSS') =>
  Math.max(
    ...processTree(pid).map((p) => {
      const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : 0;
    }),
  );

const bench: Benchmark = {
  name: 'upload-big',
  description: `one ${(FULL_PIXEL_BYTES / 1e9).toFixed(1)} GB DICOM through anonymize-upload on the local suite (streamed to the anonymized bucket); peak RSS of the function host`,
  async run(ctx) {
    const PIXEL_BYTES = sized(ctx, FULL_PIXEL_BYTES, 50_000_000);
    const suite = await ctx.suite();
    const dir = join(suite.stateDir, 'big-input');
    try {
      const admin = await tokenFor(suite.projectId, suite.env.FIREBASE_AUTH_EMULATOR_HOST as string, {
        email: 'bench-admin@saludtech.example',
        roles: ['admin'],
      });
      const registered = await fetch(`${suite.apiUrl}/centers`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ code: CODE, name: 'Bench big', city: 'Cali', contactEmail: 'b@big.example' }),
      });
      if (registered.status !== 202)
        throw new Error(`registering the bench center: HTTP ${registered.status}`);
      await until(
        async () => ((await db().collection(IMAGING_CENTERS).doc(CODE).get()).exists ? true : undefined),
        60_000,
      );

      // A CT multi-frame (not Secondary Capture, which is held as burned-in risk): it must be published.
      const path = join(dir, 'big.dcm');
      const { fileBytes } = await writeBigMultiframe(path, PIXEL_BYTES, {
        extra: [el(0x00080016, 'UI', CT_IMAGE), el(0x00080060, 'CS', 'CT')],
      });
      const host = suite.children.find((c) => c.name === 'function-host');
      if (!host) throw new Error('no function host');
      const baseline = statusMiB(host.pid, 'VmRSS');

      const ingest = new Storage({ projectId: suite.projectId }).bucket(
        bucketName('ingest', suite.projectId),
      );
      const file = ingest.file(`centers/${CODE}/${randomUUID()}/BIG0001.dcm`);
      let sampled = 0;
      const sampler = setInterval(() => {
        sampled = Math.max(sampled, statusMiB(host.pid, 'VmRSS'));
      }, 200);
      const start = performance.now();
      const [uploaded] = await ingest.upload(path, { destination: file.name, resumable: true });
      const uploadSeconds = (performance.now() - start) / 1000;
      const { generation } = uploaded.metadata as { generation: string };
      const imageId = imageIdOf(ingest.name, file.name, String(generation));
      const entry = await until(async () => {
        const e = (await db().collection(INGESTS).doc(imageId).get()).data() as LedgerEntry | undefined;
        return e && e.status !== 'received' ? e : undefined;
      }, 540_000);
      const processSeconds = (performance.now() - start) / 1000 - uploadSeconds;
      clearInterval(sampler);
      return {
        status: {
          value: entry?.status === 'anonymized' ? 1 : 0,
          unit: `1 = anonymized (${entry?.status ?? 'not finished'}${entry?.reason ? ` ${entry.reason}` : ''})`,
        },
        fileSize: { value: fileBytes / 1e9, unit: 'GB' },
        hostPeakRssHwm: { value: statusMiB(host.pid, 'VmHWM'), unit: 'MiB' },
        hostPeakRssSampled: { value: sampled, unit: 'MiB' },
        hostBaselineRss: { value: baseline, unit: 'MiB' },
        uploadToIngest: { value: uploadSeconds, unit: 's' },
        finalizeToFinished: { value: processSeconds, unit: 's' },
        throughput: { value: fileBytes / 1e6 / processSeconds, unit: 'MB/s' },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default bench;
