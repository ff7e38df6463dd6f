/**
 * upload-e2e: 200 small DICOM files dropped into the ingest bucket at once, on the local suite; latency from
 * each object's finalize (its `updated` time) to the publish time of its ImageAnonymized.
 */
import { randomUUID } from 'node:crypto';
import type { Message, Subscription } from '@google-cloud/pubsub';
import { PubSub } from '@google-cloud/pubsub';
import { Storage } from '@google-cloud/storage';
import { type Benchmark, sized } from '../../bench/bench.types.ts';
import { startCosting } from '../../bench/platform-costs.ts';
import { percentile } from '../../bench/stats.ts';
import { tokenFor } from '../../emulators/auth/users.ts';
import { db } from '../platform/clients.ts';
import { bucketName } from '../platform/config.ts';
import { IMAGING_CENTERS } from './adapters/imaging-centers.repository.ts';
import { imageIdOf } from './domain/image-id.ts';
import { canaryPhi, explicitLittleEndian, fixtureUid } from './fixtures/dicom-fixtures.ts';

const FILES = 200;
/** Unique per run: the suite may be shared with earlier runs, and a center code registers once. */
const CODE = `BENCH-IMG-${Date.now().toString(36).toUpperCase()}`;

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const bench: Benchmark = {
  name: 'upload-e2e',
  description: `${FILES} small DICOM files (20 patients) dropped at once after one warm-up file; finalize → ImageAnonymized published`,
  async run(ctx) {
    const suite = await ctx.suite();
    const count = sized(ctx, FILES, 5);
    const admin = await tokenFor(suite.projectId, suite.env.FIREBASE_AUTH_EMULATOR_HOST as string, {
      email: 'bench-admin@saludtech.example',
      roles: ['admin'],
    });
    const registered = await fetch(`${suite.apiUrl}/centers`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        code: CODE,
        name: 'Bench imaging',
        city: 'Cali',
        contactEmail: 'b@img.example',
      }),
    });
    if (registered.status !== 202) throw new Error(`registering the bench center: HTTP ${registered.status}`);
    await until(
      async () => ((await db().collection(IMAGING_CENTERS).doc(CODE).get()).exists ? true : undefined),
      60_000,
    );

    const published = new Map<string, number>();
    const pubsub = new PubSub({ projectId: suite.projectId });
    const [sub] = (await pubsub
      .topic('imaging.events')
      .createSubscription(`bench-tap-${randomUUID()}`)) as unknown as [Subscription];
    let rejected = 0;
    sub.on('message', (m: Message) => {
      const data = JSON.parse(m.data.toString('utf8')) as { imageId: string };
      if (m.attributes['ce-type'] === 'saludtech.imaging.anonymized.v1')
        published.set(data.imageId, m.publishTime.getTime());
      else rejected++;
      m.ack();
    });

    const ingest = new Storage({ projectId: suite.projectId }).bucket(bucketName('ingest', suite.projectId));
    const uploadId = randomUUID();
    const files = Array.from({ length: count }, (_, i) => {
      const study = Math.floor(i / 10);
      return explicitLittleEndian({
        phi: canaryPhi(`P${study % 20}`),
        uids: {
          study: fixtureUid(9, study),
          series: fixtureUid(9, study, 1),
          sop: fixtureUid(9, study, 1, i),
        },
      });
    });
    const bytes = files.reduce((n, f) => n + f.length, 0);
    const costs = await startCosting(suite);
    const finalizedAt = new Map<string, number>();
    const start = performance.now();
    await Promise.all(
      files.map(async (data, i) => {
        const file = ingest.file(`centers/${CODE}/${uploadId}/IM${String(i).padStart(4, '0')}.dcm`);
        await file.save(data, { resumable: false });
        const { generation, updated } = file.metadata as { generation: string; updated: string };
        finalizedAt.set(imageIdOf(ingest.name, file.name, String(generation)), Date.parse(updated));
      }),
    );
    const dropSeconds = (performance.now() - start) / 1000;
    await until(
      async () => ([...finalizedAt.keys()].every((id) => published.has(id)) ? true : undefined),
      180_000,
    );
    const wallSeconds = (performance.now() - start) / 1000;
    const cost = await costs({ per: count, unit: 'file' });
    await sub.close();
    await sub.delete();
    await pubsub.close();

    const latencies = [...finalizedAt].flatMap(([id, t0]) => {
      const t1 = published.get(id);
      return t1 === undefined ? [] : [t1 - t0];
    });
    return {
      finalizeToEventP50: { value: percentile(latencies, 50), unit: 'ms' },
      finalizeToEventP99: { value: percentile(latencies, 99), unit: 'ms' },
      finalizeToEventMax: { value: Math.max(...latencies), unit: 'ms' },
      throughput: { value: latencies.length / wallSeconds, unit: 'files/s' },
      dropDuration: { value: dropSeconds, unit: 's' },
      meanFileSize: { value: bytes / count / 1024, unit: 'KiB' },
      rejected: { value: rejected, unit: 'files' },
      notFinishedWithin180s: { value: count - latencies.length - rejected, unit: 'files' },
      ...cost,
    };
  },
};
export default bench;
