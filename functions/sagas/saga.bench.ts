/**
 * saga: PRO subscription saga end to end (POST seed route → ACTIVE and saga PROCESSED) over 100 sagas,
 * and command-accept latency of POST /subscriptions at 100 requests/s, on the local suite.
 */
import { type Benchmark, sized } from '../../bench/bench.types.ts';
import { percentile } from '../../bench/stats.ts';
import { tokenFor } from '../../emulators/auth/users.ts';
import { db } from '../platform/clients.ts';
import { SAGAS } from '../platform/saga/saga-log.repository.ts';

const SAGA_COUNT = 100;
const SAGA_RATE = 10;
const ACCEPT_RATE = 100;
const ACCEPT_COUNT = 300;

/** Client codes are unique per run: the suite may be shared with earlier runs. */
const RUN = Date.now().toString(36).toUpperCase();

const seedBody = (i: number) => ({
  cliente: {
    codigo: `B${RUN}-${i}`,
    nombre: { nombres: 'Bench', apellidos: 'Client' },
    usuario: `bench${RUN}${i}`,
    rut: { numero: 100000 + i },
    cedula: { numero: 200000 + i },
    email: `b${i}@bench.example`,
  },
  plan: { codigo: 'pro', nombre: 'PRO' },
  facturas: [],
});

/** Sends `count` requests at `rate`/s, open loop; returns each request's latency and the achieved rate. */
async function openLoop(count: number, rate: number, send: (i: number) => Promise<void>) {
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(send(i));
  }
  await Promise.all(inflight);
  return count / ((performance.now() - start) / 1000);
}

const bench: Benchmark = {
  name: 'saga',
  description: `${SAGA_COUNT} PRO sagas at ${SAGA_RATE}/s (seed route → saga PROCESSED, seen by a Firestore listener); POST /subscriptions accept latency at ${ACCEPT_RATE}/s`,
  async run(ctx) {
    const suite = await ctx.suite();
    const sagas = sized(ctx, SAGA_COUNT, 3);
    const accepts = sized(ctx, ACCEPT_COUNT, 10);
    const authHost = suite.env.FIREBASE_AUTH_EMULATOR_HOST as string;
    const admin = await tokenFor(suite.projectId, authHost, {
      email: 'bench-admin@saludtech.example',
      roles: ['admin'],
    });
    const client = await tokenFor(suite.projectId, authHost, {
      email: 'bench-client@saludtech.example',
      roles: ['client'],
    });
    const call = (method: string, path: string, token: string, body: unknown) =>
      fetch(`${suite.apiUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (let i = 0; i < 20; i++) await call('PUT', `/experts/bench-${i}`, admin, { capacity: 10 });

    const doneAt = new Map<string, { at: number; status: string }>();
    const unsubscribe = db()
      .collection(SAGAS)
      .onSnapshot((snap) => {
        for (const c of snap.docChanges()) {
          const status = c.doc.data().status as string;
          if (status !== 'RECEIVED' && !doneAt.has(c.doc.id))
            doneAt.set(c.doc.id, { at: performance.now(), status });
        }
      });
    const sentAt = new Map<string, number>();
    let failures = 0;
    const rejected = { client: 0, server: 0 };
    await openLoop(sagas, SAGA_RATE, async (i) => {
      const t0 = performance.now();
      const res = await call('POST', '/suscripciones/suscripcion-comando', client, seedBody(i));
      const body = (await res.json()) as { location?: string };
      if (res.status !== 202 || !body.location) failures++;
      else sentAt.set(body.location.split('/').pop() as string, t0);
    });
    const deadline = Date.now() + 120_000;
    while ([...sentAt.keys()].some((id) => !doneAt.has(id)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    unsubscribe();
    const e2e = [...sentAt].flatMap(([id, t0]) => {
      const d = doneAt.get(id);
      return d ? [d.at - t0] : [];
    });
    const processed = [...sentAt.keys()].filter((id) => doneAt.get(id)?.status === 'PROCESSED').length;

    const accept: number[] = [];
    const achieved = await openLoop(accepts, ACCEPT_RATE, async (i) => {
      const t0 = performance.now();
      const res = await call('POST', '/subscriptions', client, {
        clientCode: `A${RUN}-${i}`,
        planCode: 'basic',
        client: { names: 'A', surnames: 'B', rut: `${i}`, cedula: `${i}`, email: `a${i}@bench.example` },
      });
      await res.arrayBuffer();
      accept.push(performance.now() - t0);
      if (res.status >= 500) rejected.server++;
      else if (res.status !== 202) rejected.client++;
    });
    return {
      sagaP50: { value: percentile(e2e, 50), unit: 'ms' },
      sagaP99: { value: percentile(e2e, 99), unit: 'ms' },
      sagasProcessed: { value: processed, unit: 'sagas' },
      sagasNotDoneWithin120s: { value: sentAt.size - e2e.length, unit: 'sagas' },
      acceptP50: { value: percentile(accept, 50), unit: 'ms' },
      acceptP99: { value: percentile(accept, 99), unit: 'ms' },
      achievedAcceptRate: { value: achieved, unit: 'requests/s' },
      failedSagaRequests: { value: failures, unit: 'requests' },
      acceptAnswered4xx: { value: rejected.client, unit: 'requests' },
      acceptAnswered5xx: { value: rejected.server, unit: 'requests' },
    };
  },
};
export default bench;
