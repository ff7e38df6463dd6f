/**
 * The rate limiter under concurrency, against the Firestore emulator: two "instances" (separate HTTP servers,
 * separate limiter objects) share one budget per user and route class; over it → 429 problem+json + Retry-After.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import * as ff from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ManifestEntry } from '../../manifest.ts';
import type { HttpTrigger } from '../../manifest.types.ts';
import { httpHandler, ok, toHttpFunction } from './http-handler.ts';
import { createRateLimiter } from './rate-limit.ts';

const LIMITS = { commandsPerMinute: 8, queriesPerMinute: 30 };
const entry = (method: 'GET' | 'POST') =>
  ({
    name: `rate-probe-${method.toLowerCase()}` as ManifestEntry['name'],
    context: 'platform',
    description: 'probe',
    memory: '256Mi',
    timeoutSeconds: 60,
    concurrency: 80,
    minInstances: 0,
    maxInstances: 1,
    trigger: { kind: 'http', method, path: '/probe', roles: ['client'] },
  }) as ManifestEntry<HttpTrigger>;
const handler = httpHandler({ handle: async () => ok({ ok: true }) });
// Tokens are their own uid here: identity is not what is under test.
const verify = async (t: string) => ({ uid: t, roles: ['client'] });

const instances: string[] = [];
const servers: ReturnType<typeof getTestServer>[] = [];

beforeAll(async () => {
  for (const i of [0, 1]) {
    for (const method of ['GET', 'POST'] as const) {
      const name = `rate-probe-${i}-${method.toLowerCase()}`;
      // Each instance has its own limiter object: only Firestore is shared, as between Cloud Run instances.
      ff.http(
        name,
        toHttpFunction(
          entry(method),
          handler,
          verify,
          createRateLimiter(LIMITS, { collection: 'rate-limits-test' }),
        ),
      );
    }
  }
  for (const i of [0, 1]) {
    const get = getTestServer(`rate-probe-${i}-get`);
    const post = getTestServer(`rate-probe-${i}-post`);
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => (req.method === 'GET' ? get : post).emit('request', req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    servers.push(server as unknown as ReturnType<typeof getTestServer>);
    instances.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}/probe`);
  }
});
afterAll(async () => {
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
});

const fire = (n: number, method: 'GET' | 'POST', user: string) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      fetch(instances[i % 2] as string, {
        method,
        headers: {
          Authorization: `Bearer ${user}`,
          ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(method === 'POST' ? { body: '{}' } : {}),
      }),
    ),
  );

/** Windows are fixed minutes: start a test far enough from a window's end that it runs inside one window. */
beforeEach(async () => {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 15_000) await new Promise((r) => setTimeout(r, left + 100));
});

describe('rate limiting across instances', () => {
  it('admits at most the limit of concurrent commands per user, refusing the rest with 429 + Retry-After', async () => {
    const user = `u-${randomUUID()}`;
    const answers = await fire(14, 'POST', user);
    const admitted = answers.filter((r) => r.status === 200);
    const refused = answers.filter((r) => r.status === 429);
    expect(admitted.length + refused.length).toBe(14);
    expect(admitted.length).toBeLessThanOrEqual(LIMITS.commandsPerMinute);
    // Contention may refuse a request early (fail closed), never admit one too many; it must not collapse.
    expect(admitted.length).toBeGreaterThanOrEqual(LIMITS.commandsPerMinute / 2);
    const r = refused[0] as Response;
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await r.json()).toMatchObject({ status: 429, type: expect.stringContaining('rate-limited') });
  });

  it('counts queries separately from commands, and users separately from each other', async () => {
    const user = `u-${randomUUID()}`;
    await fire(10, 'POST', user); // spends this user's command budget
    const queries = await fire(5, 'GET', user);
    expect(queries.every((r) => r.status === 200)).toBe(true);
    expect(queries[0]?.headers.get('ratelimit-limit')).toBe(String(LIMITS.queriesPerMinute));
    const someoneElse = await fire(3, 'POST', `u-${randomUUID()}`);
    expect(someoneElse.every((r) => r.status === 200)).toBe(true);
  });

  it('sequential requests get exactly the limit', async () => {
    const user = `u-${randomUUID()}`;
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.commandsPerMinute + 2; i++)
      statuses.push((await fire(1, 'POST', user))[0]?.status as number);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMITS.commandsPerMinute);
    expect(statuses.slice(-2)).toEqual([429, 429]);
  });
});
