/**
 * The deployable source works as Cloud Build would install it: `npm run build`, `infra/package-source.sh`,
 * `npm ci --omit=dev` in a clean directory, then every manifest function answering once from the installed
 * package: HTTP functions a request on their own route, Pub/Sub functions one push (dead-lettered with its
 * reason, as an unknown type must be), the storage function one finalize CloudEvent. One function of each
 * trigger kind starts as Cloud Run starts it, `functions-framework --target=<name>`; the others are served
 * by one process that loads the same entry with no target (all registered) through the installed
 * functions-framework, so 100+ functions cost one process, not one each.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '@google-cloud/pubsub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureOutput } from '../emulators/test/child-output.ts';
import { freePort } from '../emulators/test/free-port.ts';
import { deadLettered, pubsub, suite } from '../emulators/test/suite.ts';
import { entries, type ManifestEntry } from '../functions/manifest.ts';
import { bucketName } from '../functions/platform/config.ts';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'function-source-'));
const source = join(work, 'source');
const all = entries();
/** Started with the real CLI, as Cloud Run would: the first function of each trigger kind. */
const viaCli = [...new Map(all.map((e) => [e.trigger.kind, e] as const)).values()];

/**
 * Serves every function the installed package registers, each under `/<name>/…` (the local host's layout),
 * through the installed functions-framework's own request pipeline (`getTestServer`).
 */
const ALL_IN_ONE = `
import { createServer } from 'node:http';
import { getTestServer } from '@google-cloud/functions-framework/testing';
const [main, port, names] = process.argv.slice(2);
await import(new URL(main, 'file://' + process.cwd() + '/').href);
const apps = new Map(JSON.parse(names).map((n) => [n, getTestServer(n).listeners('request')[0]]));
createServer((req, res) => {
  const [, name, ...rest] = req.url.split('/');
  const app = apps.get(name);
  if (!app) return void res.writeHead(404).end();
  req.url = '/' + rest.join('/');
  app(req, res);
}).listen(Number(port), '127.0.0.1');
`;

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, stdio: 'pipe', encoding: 'utf8', timeout: 240_000 });

interface Started {
  proc: ChildProcess;
  url: string;
  output: () => string;
}

/** A process from the installed package, with the env Cloud Run would set; up once it answers HTTP. */
async function startProcess(name: string, args: string[], env: Record<string, string>, port: number) {
  const proc = spawn(args[0] as string, args.slice(1), {
    cwd: source,
    env: { ...process.env, ...suite().env, ...env, LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(proc);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${name} exited ${proc.exitCode}: ${output().slice(-500)}`);
    const up = await fetch(url, { method: 'OPTIONS', signal: AbortSignal.timeout(1000) }).then(
      () => true,
      () => false,
    );
    if (up) return { proc, url, output } satisfies Started;
    if (Date.now() > deadline) throw new Error(`${name} not listening after 60 s: ${output().slice(-500)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** `functions-framework --target=<name>`, as Cloud Run starts one function's instance. */
async function startFunction(e: ManifestEntry): Promise<Started> {
  const port = await freePort();
  const cli = join(source, 'node_modules/.bin/functions-framework');
  return startProcess(
    e.name,
    [cli, `--target=${e.name}`, `--port=${port}`],
    {
      FUNCTION_TARGET: e.name,
      K_SERVICE: e.name,
    },
    port,
  );
}

/** The remaining functions in one process (see ALL_IN_ONE); each one's base URL. */
async function startAllInOne(names: string[]): Promise<Started> {
  const port = await freePort();
  const harness = join(source, 'all-in-one.mjs');
  writeFileSync(harness, ALL_IN_ONE);
  const main = (JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { main: string }).main;
  return startProcess(
    'all-in-one',
    [process.execPath, harness, main, String(port), JSON.stringify(names)],
    {},
    port,
  );
}

/** One request the function must answer with its own code: a status and the body's media type. */
async function poke(e: ManifestEntry, url: string): Promise<{ status: number; type: string }> {
  const t = e.trigger;
  let res: Response;
  if (t.kind === 'http' || t.kind === 'workflow' || t.kind === 'schedule') {
    const method = t.kind === 'http' ? t.method : 'POST';
    const path = t.path.replace(/\{[^}]+\}/g, 'packaging-check');
    res = await fetch(`${url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      ...(method === 'GET' ? {} : { body: '{}' }),
    });
  } else if (t.kind === 'pubsub') {
    const message = {
      data: Buffer.from(JSON.stringify({ check: 'packaging' })).toString('base64'),
      attributes: {
        'ce-specversion': '1.0',
        'ce-type': 'saludtech.packaging.check.v1',
        'ce-source': '/packaging-check',
        'ce-id': randomUUID(),
      },
      messageId: randomUUID(),
      publishTime: new Date().toISOString(),
    };
    res = await fetch(`${url}/projects/${suite().projectId}/topics/${t.topic}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ message, subscription: `projects/${suite().projectId}/subscriptions/check` }),
    });
  } else {
    const bucket = bucketName(t.bucket, suite().projectId);
    const name = `outside/packaging-check-${randomUUID()}.bin`;
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'ce-specversion': '1.0',
        'ce-type': 'google.cloud.storage.object.v1.finalized',
        'ce-source': `//storage.googleapis.com/projects/_/buckets/${bucket}`,
        'ce-subject': `objects/${name}`,
        'ce-id': randomUUID(),
        'ce-time': new Date().toISOString(),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ bucket, name, generation: '1', size: '4', metageneration: '1' }),
    });
  }
  await res.arrayBuffer();
  return { status: res.status, type: res.headers.get('content-type') ?? '' };
}

const answers = new Map<string, { status: number; type: string }>();

beforeAll(async () => {
  run('npm', ['run', 'build'], root);
  run('bash', [join(root, 'infra/package-source.sh'), join(work, 'source.zip')], root);
  mkdirSync(source);
  run('unzip', ['-q', join(work, 'source.zip'), '-d', source], work);
  run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], source);
  const rest = all.filter((e) => !viaCli.includes(e));
  const started = await Promise.all([startAllInOne(rest.map((e) => e.name)), ...viaCli.map(startFunction)]);
  const [shared, ...own] = started as [Started, ...Started[]];
  try {
    await Promise.all([
      ...viaCli.map(async (e, j) => answers.set(e.name, await poke(e, (own[j] as Started).url))),
      ...rest.map(async (e) => answers.set(e.name, await poke(e, `${shared.url}/${e.name}`))),
    ]);
  } catch (error) {
    throw new Error(`${String(error)}; all-in-one said: ${shared.output().slice(-3000)}`);
  } finally {
    for (const s of started) s.proc.kill('SIGKILL');
  }
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packaged function source', () => {
  it('holds every manifest function', () => {
    expect([...answers.keys()].sort()).toEqual(all.map((e) => e.name).sort());
  });

  it.each(all.filter((e) => e.trigger.kind === 'http' || e.trigger.kind === 'workflow'))(
    '$name answers its route with problem+json or JSON, not a crash',
    (e) => {
      const a = answers.get(e.name);
      expect(a?.status).toBeGreaterThanOrEqual(200);
      expect(a?.status).toBeLessThan(500);
      expect(a?.type).toMatch(/application\/(problem\+)?json/);
    },
  );

  it.each(all.filter((e) => e.trigger.kind === 'pubsub' || e.trigger.kind === 'storage'))(
    '$name acknowledges one CloudEvent',
    (e) => {
      const a = answers.get(e.name);
      expect(a?.status).toBeGreaterThanOrEqual(200);
      expect(a?.status).toBeLessThan(300);
    },
  );

  it('each Pub/Sub function dead-lettered the unknown type, with its reason', async () => {
    const client = pubsub();
    const isCheck = (m: Message) => m.attributes['ce-type'] === 'saludtech.packaging.check.v1';
    const letters = await Promise.all(
      all
        .filter((e) => e.trigger.kind === 'pubsub')
        .map((e) => deadLettered(e.name, isCheck, client, 30_000)),
    );
    await client.close();
    for (const m of letters) expect(m.attributes['deadletter-reason']).toBeTruthy();
  });
});
