/**
 * dicomweb: QIDO-RS latency (p50/p99 over several searches) on an index of 10,000 instances seeded
 * straight into Firestore, and WADO-RS throughput for a 300 MB multi-frame instance (dropped into the
 * ingest bucket, anonymized and indexed by the real pipeline) with the function host's RSS while it
 * streams, beside `cp` of the same bytes on the same disk.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { type Benchmark, type Figures, sized } from '../../bench/bench.types.ts';
import { percentile } from '../../bench/stats.ts';
import { tokenFor } from '../../emulators/auth/users.ts';
import { db } from '../platform/clients.ts';
import { bucketName } from '../platform/config.ts';
import { DICOMWEB_INSTANCES } from './adapters/dicomweb-index.repository.ts';
import { IMAGING_CENTERS } from './adapters/imaging-centers.repository.ts';
import { PER_STUDY, rssMiB, seedEntries, seedIndex } from './bench/dicomweb-seed.ts';
import { imageIdOf } from './domain/image-id.ts';
import { el, writeBigMultiframe } from './fixtures/dicom-fixtures.ts';

const CODE = 'BENCH-DW';
const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 250));
  }
}

const bench: Benchmark = {
  name: 'dicomweb',
  description:
    'QIDO-RS p50/p99 over 10,000 indexed instances; WADO-RS MB/s and host RSS for a 300 MB multi-frame instance, beside cp',
  async run(ctx) {
    const instances = sized(ctx, 10_000, 200);
    const pixelBytes = sized(ctx, 300_000_000, 5_000_000);
    const suite = await ctx.suite();
    const auth = suite.env.FIREBASE_AUTH_EMULATOR_HOST as string;
    const expert = await tokenFor(suite.projectId, auth, {
      email: 'bench-dw-expert@saludtech.example',
      roles: ['expert'],
    });
    const admin = await tokenFor(suite.projectId, auth, {
      email: 'bench-dw-admin@saludtech.example',
      roles: ['admin'],
    });
    const get = (path: string, accept = 'application/dicom+json') =>
      fetch(`${suite.apiUrl}${path}`, { headers: { Authorization: `Bearer ${expert}`, Accept: accept } });
    const figures: Figures = {};

    // ---- QIDO-RS over a seeded index ----
    const studies = Math.ceil(instances / PER_STUDY);
    const entries = seedEntries(studies, CODE);
    let t = performance.now();
    await seedIndex(entries);
    figures.seededInstances = { value: entries.length, unit: 'instances' };
    figures.seedSeconds = { value: (performance.now() - t) / 1000, unit: 's' };
    const pick = (i: number) => entries[(i * 7919) % entries.length] as (typeof entries)[number];
    const searches: [string, (i: number) => string][] = [
      ['studiesPage', () => '/dicomweb/studies?limit=100'],
      ['studiesByPatient', (i) => `/dicomweb/studies?PatientID=${encodeURIComponent(pick(i).patientId)}`],
      [
        'studiesByDateRange',
        (i) => `/dicomweb/studies?StudyDate=${pick(i).studyDate}-${pick(i).studyDate}&limit=20`,
      ],
      ['seriesOfStudy', (i) => `/dicomweb/studies/${pick(i).study}/series`],
      ['instancesOfSeries', (i) => `/dicomweb/studies/${pick(i).study}/series/${pick(i).series}/instances`],
    ];
    const runs = sized(ctx, 60, 5);
    const all: number[] = [];
    for (const [name, path] of searches) {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        t = performance.now();
        const res = await get(path(i));
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}`);
        samples.push(performance.now() - t);
      }
      all.push(...samples);
      figures[`${name}P50`] = { value: percentile(samples, 50), unit: 'ms' };
      figures[`${name}P99`] = { value: percentile(samples, 99), unit: 'ms' };
    }
    figures.qidoP50 = { value: percentile(all, 50), unit: 'ms' };
    figures.qidoP99 = { value: percentile(all, 99), unit: 'ms' };

    // ---- WADO-RS of a big instance, through the real pipeline ----
    const registered = await fetch(`${suite.apiUrl}/centers`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        code: CODE,
        name: 'Bench DICOMweb',
        city: 'Cali',
        contactEmail: 'b@dw.example',
      }),
    });
    if (registered.status !== 202 && registered.status !== 409)
      throw new Error(`center: HTTP ${registered.status}`);
    await until(
      async () => ((await db().collection(IMAGING_CENTERS).doc(CODE).get()).exists ? true : undefined),
      60_000,
    );
    const dir = join(suite.stateDir, 'dicomweb-bench');
    try {
      const path = join(dir, 'big.dcm');
      const { fileBytes, frames } = await writeBigMultiframe(path, pixelBytes, {
        extra: [el(0x00080016, 'UI', CT_IMAGE), el(0x00080060, 'CS', 'CT')],
      });
      const ingest = new Storage({ projectId: suite.projectId }).bucket(
        bucketName('ingest', suite.projectId),
      );
      const name = `centers/${CODE}/${randomUUID()}/BIG.dcm`;
      const [uploaded] = await ingest.upload(path, { destination: name, resumable: true });
      const imageId = imageIdOf(
        ingest.name,
        name,
        String((uploaded.metadata as { generation: string }).generation),
      );
      const doc = await until(async () => {
        const q = await db().collection(DICOMWEB_INSTANCES).where('imageId', '==', imageId).get();
        return q.docs[0]?.data() as { study: string; series: string; sop: string; bytes: number } | undefined;
      }, 600_000);
      const host = suite.children.find((c) => c.name === 'function-host');
      if (!host) throw new Error('no function host');
      const baseline = rssMiB(host.pid);
      let peak = baseline;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssMiB(host.pid));
      }, 100);
      const url = `/dicomweb/studies/${doc.study}/series/${doc.series}/instances/${doc.sop}`;
      t = performance.now();
      const res = await get(url, 'multipart/related; type="application/dicom"');
      let received = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
        received += chunk.byteLength;
      const wadoSeconds = (performance.now() - t) / 1000;
      clearInterval(sampler);
      if (res.status !== 200 || received < doc.bytes)
        throw new Error(`WADO: HTTP ${res.status}, ${received} bytes`);
      t = performance.now();
      execFileSync('cp', [path, join(dir, 'copy.dcm')]);
      const cpSeconds = (performance.now() - t) / 1000;
      figures.instanceBytes = { value: doc.bytes / 1e6, unit: 'MB' };
      figures.instanceFrames = { value: frames, unit: 'frames' };
      figures.wadoSeconds = { value: wadoSeconds, unit: 's' };
      figures.wadoThroughput = { value: doc.bytes / 1e6 / wadoSeconds, unit: 'MB/s' };
      figures.hostRssBaseline = { value: baseline, unit: 'MiB' };
      figures.hostRssPeakDuringWado = { value: peak, unit: 'MiB' };
      figures.cpSeconds = { value: cpSeconds, unit: 's' };
      figures.cpThroughput = { value: statSync(path).size / 1e6 / cpSeconds, unit: 'MB/s' };
      figures.inputFileBytes = { value: fileBytes / 1e6, unit: 'MB' };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};
export default bench;
