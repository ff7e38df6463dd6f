/**
 * The stand-in end to end over its REST API (plain fetch, as the REST reference describes it): the sample
 * saga against a tiny local HTTP server — retry with backoff on a flaky step, compensation and a raised map —
 * plus get/list/cancel, API errors, and executions surviving a restart.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitExecution, type ClientConfig, getExecution, listExecutions, startExecution } from './client.ts';
import { startWorkflowsEmulator } from './workflows-server.ts';

const project = 'demo-wf-api';
const dataDir = mkdtempSync(join(tmpdir(), 'wf-data-'));
const workflowsDir = mkdtempSync(join(tmpdir(), 'wf-defs-'));
cpSync(new URL('./testdata', import.meta.url).pathname, workflowsDir, { recursive: true });
writeFileSync(join(workflowsDir, 'broken.yaml'), 'main:\n  steps:\n    - s:\n        parallel: {}\n');

/** Counts and answers the sample's step calls: /flaky fails 503 `flakyFailures` times per id, /charge answers `chargeStatus`. */
const seen: { path: string; body: Record<string, unknown> }[] = [];
let flakyFailures = 2;
let chargeStatus = 200;
const attempts = new Map<string, number>();
const functions: Server = createServer(async (req, res) => {
  let text = '';
  for await (const c of req) text += c;
  const body = text ? JSON.parse(text) : {};
  seen.push({ path: req.url ?? '', body });
  const reply = (status: number, json: unknown) =>
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(json));
  if (req.url === '/flaky') {
    const n = (attempts.get(body.id) ?? 0) + 1;
    attempts.set(body.id, n);
    return n <= flakyFailures ? reply(503, { busy: true }) : reply(200, { reserved: body.id, attempt: n });
  }
  if (req.url === '/charge')
    return reply(chargeStatus, chargeStatus < 400 ? { charged: true } : { reason: 'declined' });
  return reply(200, { undone: body.step });
});

let emulator: Awaited<ReturnType<typeof startWorkflowsEmulator>>;
let client: ClientConfig;
const start = async () => {
  const { port } = functions.address() as AddressInfo;
  emulator = await startWorkflowsEmulator({
    port: 0,
    dataDir,
    projectId: project,
    workflowsDir,
    env: { FUNCTIONS_BASE_URL: `http://127.0.0.1:${port}` },
  });
  client = { host: emulator.url, projectId: project };
};
const base = () => `${emulator.url}/v1/projects/${project}/locations/us-central1/workflows`;

beforeAll(async () => {
  await new Promise<void>((r) => functions.listen(0, '127.0.0.1', r));
  await start();
});
afterAll(async () => {
  await emulator.close();
  await new Promise((r) => functions.close(r));
});

describe('Workflows stand-in executions API', () => {
  it('runs the sample saga: the flaky step is retried with backoff until it succeeds', async () => {
    flakyFailures = 2;
    chargeStatus = 200;
    const created = await startExecution('sample', { id: 'ok-1' }, client);
    expect(created).toMatchObject({ state: 'ACTIVE', argument: '{"id":"ok-1"}' });
    expect(created.name).toMatch(
      /^projects\/demo-wf-api\/locations\/us-central1\/workflows\/sample\/executions\/[0-9a-f-]{36}$/,
    );
    const done = await awaitExecution(created.name, client);
    expect(done.state).toBe('SUCCEEDED');
    expect(JSON.parse(done.result as string)).toEqual({
      reserved: { reserved: 'ok-1', attempt: 3 },
      charged: { charged: true },
    });
    expect(attempts.get('ok-1')).toBe(3);
  });

  it('compensates in reverse and fails with the raised map when a later step fails', async () => {
    flakyFailures = 0;
    chargeStatus = 409;
    const { name } = await startExecution('sample', { id: 'bad-1' }, client);
    const done = await awaitExecution(name, client);
    expect(done.state).toBe('FAILED');
    expect(JSON.parse(done.error?.payload as string)).toEqual({
      reason: 'charge-failed',
      code: 409,
      compensated: ['reserve'],
    });
    expect(done.error?.context).toContain('in step "fail", routine "main"');
    expect(seen.filter((s) => s.path === '/undo').map((s) => s.body)).toEqual([{ step: 'reserve' }]);
    expect(done.result).toBeUndefined();
  });

  it('lists executions newest first, in the BASIC view by default', async () => {
    const res = await fetch(`${base()}/sample/executions`);
    const page = (await res.json()) as { executions: Record<string, unknown>[] };
    expect(page.executions.length).toBeGreaterThanOrEqual(2);
    expect(page.executions[0]).not.toHaveProperty('argument');
    expect(page.executions.map((e) => e.state)).toEqual(['FAILED', 'SUCCEEDED']);
    const full = await listExecutions('sample', client);
    expect(full[0]).toHaveProperty('argument', '{"id":"bad-1"}');
    const paged = (await (await fetch(`${base()}/sample/executions?pageSize=1`)).json()) as {
      nextPageToken?: string;
    };
    expect(paged.nextPageToken).toBe('1');
  });

  it('cancels an ACTIVE execution, and refuses to cancel it twice', async () => {
    const { name } = await startExecution('sleepy', null, client);
    const res = await fetch(`${emulator.url}/v1/${name}:cancel`, { method: 'POST', body: '{}' });
    expect(await res.json()).toMatchObject({ state: 'CANCELLED' });
    expect((await getExecution(name, client)).state).toBe('CANCELLED');
    const again = await fetch(`${emulator.url}/v1/${name}:cancel`, { method: 'POST', body: '{}' });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: { code: 400, status: 'FAILED_PRECONDITION' } });
  });

  it('answers API errors in Google JSON shape', async () => {
    const post = (w: string, body: unknown) =>
      fetch(`${base()}/${w}/executions`, { method: 'POST', body: JSON.stringify(body) });
    const unknown = await post('nope', {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { status: 'NOT_FOUND' } });
    const notString = await post('sample', { argument: { id: 1 } });
    expect(notString.status).toBe(400);
    const notJson = await post('sample', { argument: '{oops' });
    expect(await notJson.json()).toMatchObject({ error: { status: 'INVALID_ARGUMENT' } });
    const broken = await post('broken', {});
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { message: string } }).error.message).toMatch(/parallel/);
    const missing = await fetch(`${base()}/sample/executions/00000000-0000-0000-0000-000000000000`);
    expect(missing.status).toBe(404);
  });

  it('reports loaded and broken workflows on /_health', async () => {
    const health = (await (await fetch(`${emulator.url}/_health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({
      ok: true,
      workflows: expect.arrayContaining(['sample', 'sleepy', 'echo']),
    });
    expect(Object.keys(health.broken as object)).toEqual(['broken']);
  });

  it('keeps executions across a restart (write-through under the data dir)', async () => {
    const before = await listExecutions('sample', client);
    await emulator.close();
    await start();
    const after = await listExecutions('sample', client);
    expect(after.map((e) => [e.name, e.state, e.result])).toEqual(
      before.map((e) => [e.name, e.state, e.result]),
    );
    expect((await getExecution(before[0]?.name as string, client)).error).toEqual(before[0]?.error);
  });
});
