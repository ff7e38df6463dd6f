/**
 * The saga's YAML on the Workflows stand-in's interpreter, against in-memory step functions: the order of
 * calls, retries of transient failures, and compensation in reverse. (The real step functions are
 * exercised in functions/sagas/subscription-saga.int.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runWorkflow } from '../../emulators/workflows/interpreter.ts';
import { parseWorkflow } from '../../emulators/workflows/parser.ts';
import type { WfValue } from '../../emulators/workflows/values.ts';
import { seedPlans } from '../../functions/subscriptions/plans/plans.v1.ts';

const program = parseWorkflow(readFileSync(new URL('./subscription-saga.yaml', import.meta.url), 'utf8'));
const BASE = 'http://functions.local';
const pro = seedPlans.find((p) => p.code === 'pro');
const sagaId = '11111111-1111-4111-8111-111111111111';

/** The Pub/Sub CloudEvent Eventarc hands the workflow for one of our events. */
const argument = (type: string, data: unknown) => ({
  data: {
    message: {
      data: Buffer.from(JSON.stringify(data)).toString('base64'),
      attributes: { 'ce-type': type, 'ce-id': 'evt-1' },
      messageId: 'm-1',
    },
  },
});

type Answer = { status: number; body?: unknown };

/** Step functions in memory: `behave` may override the answer of a (function, step, phase). */
function fakeFunctions(
  behave: (fn: string, step: string, phase: string, attempt: number) => Answer | undefined,
) {
  const calls: string[] = [];
  const attempts = new Map<string, number>();
  const fetch = async (url: string, init: RequestInit) => {
    const fn = url.slice(BASE.length + 1);
    const body = JSON.parse(String(init.body)) as { step?: string; phase?: string; status?: string };
    const key = `${fn} ${body.step ?? body.status ?? ''} ${body.phase ?? ''}`.trim();
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    calls.push(key);
    const answer =
      fn === 'saga-start'
        ? {
            status: 200,
            body: {
              proceed: true,
              saga: { sagaId, subscriptionId: sagaId, clientCode: '0001', planCode: 'pro' },
              steps: pro?.provisioning,
            },
          }
        : (behave(fn, body.step ?? '', body.phase ?? '', attempt) ?? { status: 200, body: { ok: true } });
    return new Response(JSON.stringify(answer.body ?? {}), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { calls, fetch };
}

const run = (
  fetch: ReturnType<typeof fakeFunctions>['fetch'],
  arg: WfValue = argument('saludtech.subscriptions.created.v1', {}),
) =>
  runWorkflow(program, arg, {
    env: (name) => (name === 'FUNCTIONS_BASE_URL' ? BASE : undefined),
    fetch,
    sleep: async () => {},
  });

describe('subscription-saga.yaml', () => {
  it('ignores every event other than SubscriptionCreated without calling anything', async () => {
    const f = fakeFunctions(() => undefined);
    expect(await run(f.fetch, argument('saludtech.subscriptions.paid.v1', {}))).toEqual({
      skipped: 'saludtech.subscriptions.paid.v1',
    });
    expect(f.calls).toEqual([]);
  });

  it('runs the plan steps in order, then activates and records success', async () => {
    const f = fakeFunctions(() => undefined);
    expect(await run(f.fetch)).toEqual({ sagaId, status: 'PROCESSED' });
    expect(f.calls).toEqual([
      'saga-start',
      'saga-create-data-service create-data-service do',
      'saga-assign-expert assign-expert do',
      'saga-start-data-service start-data-service do',
      'saga-notify-client notify-client do',
      'saga-activate-subscription activate-subscription do',
      'saga-record PROCESSED',
    ]);
  });

  it('on a business failure compensates the completed steps in reverse, fails and notifies', async () => {
    const f = fakeFunctions((fn) =>
      fn === 'saga-start-data-service' ? { status: 422, body: { detail: 'x' } } : undefined,
    );
    expect(await run(f.fetch)).toEqual({
      sagaId,
      status: 'COMPENSATED',
      reason: 'step start-data-service failed',
    });
    expect(f.calls.slice(3)).toEqual([
      'saga-start-data-service start-data-service do',
      'saga-record start-data-service',
      'saga-terminate-data-service start-data-service undo',
      'saga-terminate-data-service assign-expert undo',
      'saga-terminate-data-service create-data-service undo',
      'saga-fail-subscription fail-subscription do',
      'saga-notify-client notify-failure do',
      'saga-record COMPENSATED',
    ]);
  });

  it('retries a transient failure (500, 503) and carries on', async () => {
    const f = fakeFunctions((fn, _s, _p, attempt) =>
      fn === 'saga-assign-expert' && attempt <= 2 ? { status: attempt === 1 ? 500 : 503 } : undefined,
    );
    expect(await run(f.fetch)).toEqual({ sagaId, status: 'PROCESSED' });
    expect(f.calls.filter((c) => c.startsWith('saga-assign-expert'))).toHaveLength(3);
  });

  it('gives up after 3 retries and compensates, including when activation is what fails', async () => {
    const f = fakeFunctions((fn) => (fn === 'saga-activate-subscription' ? { status: 504 } : undefined));
    expect(await run(f.fetch)).toMatchObject({
      status: 'COMPENSATED',
      reason: 'step activate-subscription failed',
    });
    expect(f.calls.filter((c) => c.startsWith('saga-activate-subscription'))).toHaveLength(4);
    expect(f.calls.filter((c) => c.endsWith('undo'))).toEqual([
      'saga-notify-client notify-client undo',
      'saga-terminate-data-service start-data-service undo',
      'saga-terminate-data-service assign-expert undo',
      'saga-terminate-data-service create-data-service undo',
    ]);
  });

  it('ends FAILED and raises when compensation itself cannot finish', async () => {
    const f = fakeFunctions((fn, _s, phase) =>
      fn === 'saga-assign-expert'
        ? { status: 422 }
        : fn === 'saga-terminate-data-service' && phase === 'undo'
          ? { status: 409 }
          : undefined,
    );
    await expect(run(f.fetch)).rejects.toThrow();
    expect(f.calls.at(-1)).toBe('saga-record FAILED');
  });
});
