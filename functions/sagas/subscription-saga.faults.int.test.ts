/**
 * ≥ 200 randomized sagas with faults, fast: the saga YAML runs on the Workflows stand-in's interpreter in
 * this process, and its HTTP calls go straight to the real step handlers (same code, same Firestore
 * emulator, no HTTP hop or Pub/Sub trigger). The same invariant is checked through the whole suite, on
 * fewer sagas, in subscription-saga.int.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearFirestore } from '../../emulators/test/suite.ts';
import { runWorkflow } from '../../emulators/workflows/interpreter.ts';
import { parseWorkflow } from '../../emulators/workflows/parser.ts';
import type { WfValue } from '../../emulators/workflows/values.ts';
import { entry, type FunctionName, workflows } from '../manifest.ts';
import type { HttpTrigger } from '../manifest.types.ts';
import { db } from '../platform/clients.ts';
import type { HttpHandlerDef } from '../platform/http/http-handler.ts';
import { isProblem } from '../platform/http/problem.ts';
import { log } from '../platform/logger.ts';
import { envelope, toPubsubMessage } from '../platform/messaging/cloudevent.ts';
import { TEST_FAULTS } from '../platform/saga/faults.ts';
import { asWorkflowRoute, loadHandler } from '../register.ts';
import { applyToSubscription } from '../subscriptions/adapters/apply-command.ts';
import { findPlan } from '../subscriptions/adapters/plan-catalogue.ts';
import {
  DUMMY_SEALED,
  invariantProblems,
  prng,
  randomFault,
  seatsHeld,
  seedExperts,
} from './testing/saga-invariant.ts';

const RUNS = Number(process.env.SAGA_FAULT_RUNS ?? 200);
const spec = workflows['subscription-saga'];
const program = parseWorkflow(
  readFileSync(new URL(`../../${spec.source}`, import.meta.url), 'utf8'),
  spec.source,
);
const BASE = 'http://step-functions.in-process';

/** `fetch` for the interpreter: POST BASE/<fn> runs that function's real handler, as the host would. */
async function callStepFunction(url: string, init: RequestInit): Promise<Response> {
  const e = asWorkflowRoute(entry(url.slice(BASE.length + 1) as FunctionName) as never);
  const def = (await loadHandler(e)) as HttpHandlerDef;
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const body = def.body?.safeParse(JSON.parse(String(init.body)));
  if (body && !body.success) return json(400, { detail: 'invalid body' });
  try {
    const result = await def.handle({
      entry: e as never as Parameters<HttpHandlerDef['handle']>[0]['entry'] & { trigger: HttpTrigger },
      body: body?.data,
      query: undefined,
      params: {},
      principal: { uid: 'workflow', roles: [] },
      correlationId: randomUUID(),
      req: undefined as never,
      log: log.with({ function: e.name }),
    });
    return isProblem(result) ? json(result.status, result) : json(result.status, result.body ?? {});
  } catch {
    return json(500, { detail: 'unexpected error' });
  }
}

/** Creates the subscription as handle-create-subscription does, and returns its SubscriptionCreated event
 * as the Pub/Sub CloudEvent Eventarc would hand the workflow. */
async function createPro(id: string): Promise<WfValue> {
  const plan = await findPlan('pro');
  const applied = await db().runTransaction((tx) =>
    applyToSubscription(
      tx,
      id,
      {
        type: 'CreateSubscription',
        id,
        clientCode: 'FAULTS',
        userId: 'u-faults',
        client: {
          rutToken: 'psn:rut:x',
          cedulaToken: 'psn:cedula:x',
          sealedEmail: DUMMY_SEALED,
          sealedName: DUMMY_SEALED,
        },
        plan,
        at: new Date(),
      },
      (def, data, origin) => envelope(def, data, { ...origin, source: '/tests' }),
    ),
  );
  if (!applied.ok || !applied.events[0]) throw new Error('could not create the subscription');
  const message = toPubsubMessage(applied.events[0]);
  return {
    data: {
      message: { data: message.data.toString('base64'), attributes: message.attributes, messageId: id },
    },
  };
}

beforeEach(clearFirestore);

describe(`${RUNS} randomized sagas with faults (interpreter in process, real step handlers)`, () => {
  it('ends every saga ACTIVE with all resources, or FAILED with every completed step compensated', async () => {
    const seed = Number(process.env.SAGA_FAULT_SEED ?? Date.now() % 100_000);
    const r = prng(seed);
    await seedExperts(RUNS, 2);
    const cases = Array.from({ length: RUNS }, () => ({ id: randomUUID(), fault: randomFault(r) }));
    const writer = db().bulkWriter();
    for (const c of cases) if (c.fault) void writer.set(db().collection(TEST_FAULTS).doc(c.id), c.fault);
    await writer.close();
    const outcomes = await Promise.allSettled(
      cases.map(async (c) =>
        runWorkflow(program, await createPro(c.id), {
          env: (n) => (n === 'FUNCTIONS_BASE_URL' ? BASE : undefined),
          fetch: callStepFunction,
        }),
      ),
    );
    expect(
      outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason)),
    ).toEqual([]);
    const results = await Promise.all(cases.map((c) => invariantProblems(c.id, c.fault)));
    expect({ seed, problems: results.flatMap((x) => x.problems) }).toEqual({ seed, problems: [] });
    // Nothing half-provisioned: exactly the sagas that ended ACTIVE hold an expert seat.
    expect(await seatsHeld()).toBe(results.filter((x) => x.active).length);
    // Both outcomes were exercised.
    expect(results.some((x) => x.active) && results.some((x) => !x.active)).toBe(true);
  }, 120_000);
});
