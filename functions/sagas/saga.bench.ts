/**
 * saga: PRO subscription saga end to end (POST seed route → ACTIVE and saga PROCESSED) over 100 sagas,
 * and command-accept latency of POST /subscriptions at 100 requests/s, on the local suite.
 */
import { type Benchmark, type BenchSuite, sized } from '../../bench/bench.types.ts';
import { startCosting } from '../../bench/platform-costs.ts';
import { percentile } from '../../bench/stats.ts';
import { tokenFor } from '../../emulators/auth/users.ts';
import { listExecutions } from '../../emulators/workflows/client.ts';
import { db } from '../platform/clients.ts';
import { SAGA_LOG, SAGAS } from '../platform/saga/saga-log.repository.ts';

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

/**
 * Per-step durations from the saga log of the given sagas (ids are subscription ids), and when each
 * subscription was created (`GET /subscriptions/{id}`: the command's handler ran) between request and saga.
 */
async function stepProfile(
  sentWall: ReadonlyMap<string, number>,
  createdAt: (id: string) => Promise<number>,
  executionStart: ReadonlyMap<string, { published: number; started: number }>,
) {
  const createdToPublished: number[] = [];
  const publishedToExecution: number[] = [];
  const toCreated: number[] = [];
  const createdToExecution: number[] = [];
  const executionToStart: number[] = [];
  const createdToStart: number[] = [];
  const run: number[] = [];
  const gap: number[] = [];
  const toFirst: number[] = [];
  const toStart: number[] = [];
  for (const [id, sent] of sentWall) {
    const [saga, steps] = await Promise.all([
      db().collection(SAGAS).doc(id).get(),
      db().collection(SAGA_LOG).where('sagaId', '==', id).get(),
    ]);
    const timeline = steps.docs
      .map((d) => d.data().history as { status: string; at: string }[])
      .map((h) => ({
        start: Date.parse(h.find((e) => e.status === 'RECEIVED')?.at ?? h[0]?.at ?? ''),
        end: Date.parse(h.find((e) => e.status === 'PROCESSED')?.at ?? h.at(-1)?.at ?? ''),
      }))
      .filter((t) => Number.isFinite(t.start) && Number.isFinite(t.end))
      .sort((a, b) => a.start - b.start);
    timeline.forEach((t, i) => {
      run.push(t.end - t.start);
      const prev = timeline[i - 1];
      if (prev) gap.push(t.start - prev.end);
    });
    const openedAt = Date.parse(String(saga.data()?.startedAt ?? ''));
    const first = timeline[0];
    if (!Number.isFinite(openedAt)) continue;
    toStart.push(openedAt - sent);
    const created = await createdAt(id);
    if (Number.isFinite(created)) {
      toCreated.push(created - sent);
      createdToStart.push(openedAt - created);
      const execution = executionStart.get(id);
      if (execution !== undefined) {
        createdToExecution.push(execution.started - created);
        createdToPublished.push(execution.published - created);
        publishedToExecution.push(execution.started - execution.published);
        executionToStart.push(openedAt - execution.started);
      }
    }
    if (first) toFirst.push(first.start - openedAt);
  }
  return {
    run,
    gap,
    toFirst,
    toStart,
    toCreated,
    createdToStart,
    createdToExecution,
    createdToPublished,
    publishedToExecution,
    executionToStart,
  };
}

/** When the workflow stand-in started each saga's execution, by subscription id (read from its argument). */
async function executionStarts(
  suite: BenchSuite,
): Promise<Map<string, { published: number; started: number }>> {
  const all = await listExecutions('subscription-saga', {
    host: suite.env.WORKFLOWS_EMULATOR_HOST,
    projectId: suite.projectId,
  });
  const out = new Map<string, { published: number; started: number }>();
  for (const e of all) {
    try {
      const event = JSON.parse(e.argument ?? '{}') as {
        data?: { message?: { data?: string; publishTime?: string } };
      };
      const data = JSON.parse(Buffer.from(event.data?.message?.data ?? '', 'base64').toString('utf8')) as {
        subscriptionId?: string;
      };
      const published = Date.parse(event.data?.message?.publishTime ?? '');
      if (data.subscriptionId) out.set(data.subscriptionId, { published, started: Date.parse(e.startTime) });
    } catch {
      // not a saga request: nothing to time
    }
  }
  return out;
}

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
    // One saga at a time first: the latency of a saga alone (the suite is warm after the first).
    const single: number[] = [];
    for (let k = 0; k < sized(ctx, 6, 2); k++) {
      const t0 = performance.now();
      const res = await call('POST', '/suscripciones/suscripcion-comando', client, seedBody(10_000 + k));
      const id = ((await res.json()) as { location?: string }).location?.split('/').pop();
      const until = Date.now() + 30_000;
      while (id && !doneAt.has(id) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      const done = id ? doneAt.get(id) : undefined;
      if (k > 0 && done) single.push(done.at - t0);
    }

    const costs = await startCosting(suite);
    const sentAt = new Map<string, number>();
    const sentWall = new Map<string, number>();
    let failures = 0;
    const rejected = { client: 0, server: 0 };
    await openLoop(sagas, SAGA_RATE, async (i) => {
      const t0 = performance.now();
      const res = await call('POST', '/suscripciones/suscripcion-comando', client, seedBody(i));
      const body = (await res.json()) as { location?: string };
      if (res.status !== 202 || !body.location) failures++;
      else {
        const id = body.location.split('/').pop() as string;
        sentAt.set(id, t0);
        sentWall.set(id, Date.now() - (performance.now() - t0));
      }
    });
    const deadline = Date.now() + 120_000;
    while ([...sentAt.keys()].some((id) => !doneAt.has(id)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    unsubscribe();
    // Deliveries still in flight (notifications of the last sagas) land within a few seconds.
    await new Promise((r) => setTimeout(r, 3000));
    const cost = await costs({ per: sentAt.size, unit: 'saga' });
    const e2e = [...sentAt].flatMap(([id, t0]) => {
      const d = doneAt.get(id);
      return d ? [d.at - t0] : [];
    });
    const processed = [...sentAt.keys()].filter((id) => doneAt.get(id)?.status === 'PROCESSED').length;
    const profile = await stepProfile(
      sentWall,
      async (id) => {
        const res = await call('GET', `/subscriptions/${id}`, admin, undefined);
        return Date.parse(String(((await res.json()) as { createdAt?: string }).createdAt));
      },
      await executionStarts(suite),
    );

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
      singleSagaP50: { value: percentile(single, 50), unit: 'ms' },
      singleSagaMax: { value: Math.max(...single), unit: 'ms' },
      sagaP50: { value: percentile(e2e, 50), unit: 'ms' },
      sagaP99: { value: percentile(e2e, 99), unit: 'ms' },
      // Where a saga's time goes, from its log: inside a step (RECEIVED → PROCESSED), between one step's
      // end and the next one's start (workflow + HTTP + the step's first transaction), and before the first.
      stepRunP50: { value: percentile(profile.run, 50), unit: 'ms' },
      stepGapP50: { value: percentile(profile.gap, 50), unit: 'ms' },
      stepGapP99: { value: percentile(profile.gap, 99), unit: 'ms' },
      requestToSagaStartP50: { value: percentile(profile.toStart, 50), unit: 'ms' },
      // …split at the command's handler: request → subscription created → saga opened.
      requestToCreatedP50: { value: percentile(profile.toCreated, 50), unit: 'ms' },
      createdToSagaStartP50: { value: percentile(profile.createdToStart, 50), unit: 'ms' },
      createdToExecutionStartP50: { value: percentile(profile.createdToExecution, 50), unit: 'ms' },
      // createdAt is the command's time; the publish time is when the handler's relay published the event.
      createdToEventPublishedP50: { value: percentile(profile.createdToPublished, 50), unit: 'ms' },
      eventPublishedToExecutionStartP50: { value: percentile(profile.publishedToExecution, 50), unit: 'ms' },
      executionStartToSagaStartP50: { value: percentile(profile.executionToStart, 50), unit: 'ms' },
      requestToSagaStartP99: { value: percentile(profile.toStart, 99), unit: 'ms' },
      sagaStartToFirstStepP50: { value: percentile(profile.toFirst, 50), unit: 'ms' },
      sagasProcessed: { value: processed, unit: 'sagas' },
      ...cost,
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
