/** centers: POST /centers accept latency at 50 requests/s, and command → read-model visible latency, on the local suite. */
import { type Benchmark, sized } from '../../bench/bench.types.ts';
import { percentile } from '../../bench/stats.ts';
import { tokenFor } from '../../emulators/auth/users.ts';
import { db } from '../platform/clients.ts';
import { CENTERS_VIEW } from './adapters/center.repository.ts';

const RATE = 50;
const REQUESTS = 500;
const QUICK_REQUESTS = 20;

const bench: Benchmark = {
  name: 'centers',
  description: `${REQUESTS} POST /centers at ${RATE}/s (open loop); visibility seen by a Firestore listener on the read model`,
  async run(ctx) {
    const suite = await ctx.suite();
    const requests = sized(ctx, REQUESTS, QUICK_REQUESTS);
    // Codes are unique per run: the suite may be shared with earlier runs and other benches.
    const run = Date.now().toString(36).toUpperCase();
    const token = await tokenFor(suite.projectId, suite.env.FIREBASE_AUTH_EMULATOR_HOST as string, {
      email: 'bench-admin@saludtech.example',
      roles: ['admin'],
    });
    const visibleAt = new Map<string, number>();
    const unsubscribe = db()
      .collection(CENTERS_VIEW)
      .onSnapshot((snap) => {
        for (const change of snap.docChanges()) visibleAt.set(change.doc.id, performance.now());
      });
    const sentAt = new Map<string, number>();
    const accept: number[] = [];
    let failures = 0;
    const start = performance.now();
    const send = async (i: number) => {
      const t0 = performance.now();
      const res = await fetch(`${suite.apiUrl}/centers`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          code: `B${run}-${i}`,
          name: `Bench center ${i}`,
          city: 'Bogotá',
          contactEmail: `b${i}@bench.example`,
        }),
      });
      const body = (await res.json()) as { location?: string };
      accept.push(performance.now() - t0);
      if (res.status !== 202 || !body.location) failures++;
      else sentAt.set(body.location.split('/').pop() as string, t0);
    };
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < requests; i++) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inflight.push(send(i));
    }
    await Promise.all(inflight);
    const achievedRate = requests / ((performance.now() - start) / 1000);
    const deadline = Date.now() + 60_000;
    while ([...sentAt.keys()].some((id) => !visibleAt.has(id)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    unsubscribe();
    const visible = [...sentAt].flatMap(([id, t0]) =>
      visibleAt.has(id) ? [(visibleAt.get(id) as number) - t0] : [],
    );
    return {
      acceptP50: { value: percentile(accept, 50), unit: 'ms' },
      acceptP99: { value: percentile(accept, 99), unit: 'ms' },
      visibleP50: { value: percentile(visible, 50), unit: 'ms' },
      visibleP99: { value: percentile(visible, 99), unit: 'ms' },
      achievedRate: { value: achievedRate, unit: 'requests/s' },
      notVisibleWithin60s: { value: sentAt.size - visible.length, unit: 'commands' },
      failedRequests: { value: failures, unit: 'requests' },
    };
  },
};
export default bench;
