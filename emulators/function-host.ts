/**
 * The local function host: every manifest function, registered with functions-framework exactly as in
 * production, served from one process under `/<function-name>/…`, plus a gateway that routes the public
 * API paths (`POST /centers`) to their functions as the production API front does.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { delivers, subscriptionFilter } from '../functions/manifest.ts';
import type { HttpTrigger, PubsubTrigger, ScheduleTrigger } from '../functions/manifest.types.ts';
import { db } from '../functions/platform/clients.ts';
import { bodyLimitOf, withBodyLimit } from '../functions/platform/http/body-limit.ts';
import { problem } from '../functions/platform/http/problem.ts';
import { matchRoute, specificity } from '../functions/platform/http/route.ts';
import { log } from '../functions/platform/logger.ts';
import { countDelivery, deliveryCounts } from '../functions/platform/messaging/delivery-counts.ts';
import { TTL_POLICIES } from '../functions/platform/ttl-policies.ts';
import { registerFunctions } from '../functions/register.ts';
import { startTtlSweeper } from './firestore-ttl.ts';
import { countFirestoreWrites, writeCounts } from './firestore-write-counts.ts';

type App = ((req: IncomingMessage, res: ServerResponse) => void) & { use?: (...args: unknown[]) => void };

countFirestoreWrites();
const entries = await registerFunctions();
const apps = new Map<string, App>();
for (const e of entries) {
  // Each app's body parsers stop at its function's own limit, as on its own Cloud Run instance.
  const server = withBodyLimit(bodyLimitOf(e), () => getTestServer(e.name));
  const app = server.listeners('request')[0] as App;
  // functions-framework parses JSON before our code runs; answer its parse errors as problem+json too.
  app.use?.(
    (err: { status?: number; type?: string }, _req: IncomingMessage, res: ServerResponse, _next: unknown) => {
      const status = err.status ?? 400;
      const body = problem(
        status,
        status === 413 ? 'too-large' : 'malformed-body',
        err.type ?? 'unreadable body',
      );
      res.writeHead(status, { 'Content-Type': 'application/problem+json' }).end(JSON.stringify(body));
    },
  );
  apps.set(e.name, app);
}

// The generated OpenAPI document (npm run schemas), served as the production API front would.
const openapi = readFileSync(new URL('../schemas/generated/openapi.json', import.meta.url), 'utf8');

const routes = entries
  .filter((e) => e.trigger.kind === 'http')
  .map((e) => ({ name: e.name, trigger: e.trigger as HttpTrigger }))
  .sort((a, b) => {
    const [pa, la] = specificity(a.trigger.path);
    const [pb, lb] = specificity(b.trigger.path);
    return pa - pb || la - lb;
  });

/** Pub/Sub-triggered functions whose subscription has a filter: the emulator stores it but delivers everything. */
const filtered = new Map<string, PubsubTrigger>(
  entries.flatMap((e) =>
    e.trigger.kind === 'pubsub' && subscriptionFilter(e.trigger as PubsubTrigger) !== undefined
      ? [[e.name, e.trigger as PubsubTrigger] as const]
      : [],
  ),
);
/** Push bodies larger than this pass through unread (their filter is applied by the event adapter). */
const PEEK_BYTES = 1024 * 1024;

/**
 * Applies a subscription's filter before functions-framework sees the push, as Pub/Sub does upstream: a type
 * the filter excludes is acknowledged (204) at once; any other push goes on with its body already parsed
 * (body-parser skips a request whose `_body` is set).
 */
function pushThroughFilter(
  name: string,
  trigger: PubsubTrigger,
  req: IncomingMessage,
  res: ServerResponse,
  app: App,
) {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let body: { message?: { attributes?: Record<string, string> } };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(
        res,
        400,
        problem(400, 'malformed-body', 'push body is not JSON'),
        'application/problem+json',
      );
    }
    const type = body.message?.attributes?.['ce-type'];
    if (type !== undefined && !delivers(trigger, type)) {
      countDelivery(name, 'filtered-upstream');
      return void res.writeHead(204).end();
    }
    Object.assign(req, { body, _body: true });
    app(req, res);
  });
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.writeHead(status, { 'Content-Type': type }).end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  const path = url.split('?')[0] as string;
  if (path === '/_health') return send(res, 200, { ok: true, functions: entries.length });
  // Local only: push deliveries by function and outcome so far (benches report what a flow cost).
  if (path === '/_deliveries') return send(res, 200, deliveryCounts());
  if (path === '/_writes') return send(res, 200, writeCounts());
  if (path === '/openapi.json')
    return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(openapi);
  // Direct function URL: /<function-name>/rest → the function sees /rest, as on its own Cloud Run URL.
  const [, first = '', ...rest] = path.split('/');
  const direct = apps.get(first);
  if (direct) {
    req.url = `/${rest.join('/')}${url.slice(path.length)}`;
    const trigger = filtered.get(first);
    if (trigger && req.method === 'POST' && Number(req.headers['content-length'] ?? Infinity) <= PEEK_BYTES)
      return pushThroughFilter(first, trigger, req, res, direct);
    return direct(req, res);
  }
  // Gateway: the first route whose template matches; a path that matches with another method is a 405.
  const matching = routes.filter((r) => matchRoute(r.trigger.path, path));
  const route = matching.find((r) => r.trigger.method === req.method) ?? matching[0];
  if (route) return (apps.get(route.name) as App)(req, res);
  send(res, 404, problem(404, 'not-found', `no route ${req.method} ${path}`), 'application/problem+json');
});

/** Local Cloud Scheduler: each scheduled function is called on its own URL every `localEverySeconds`. */
function startSchedules(port: number): NodeJS.Timeout[] {
  return entries
    .filter((e) => e.trigger.kind === 'schedule')
    .map((e) => {
      const t = e.trigger as ScheduleTrigger;
      let running = false;
      return setInterval(async () => {
        if (running) return; // one call at a time, as a Cloud Scheduler job with a deadline
        running = true;
        try {
          const res = await fetch(`http://127.0.0.1:${port}/${e.name}${t.path}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: '{}',
          });
          if (!res.ok) log.warn('scheduled call failed', { function: e.name, status: res.status });
        } catch (error) {
          log.warn('scheduled call failed', { function: e.name, error: (error as Error).message });
        } finally {
          running = false;
        }
      }, t.localEverySeconds * 1000);
    });
}

const port = Number(process.env.PORT ?? 5001);
let schedules: NodeJS.Timeout[] = [];
let stopTtl = () => {};
server.listen(port, '127.0.0.1', () => {
  log.info('function host listening', { port, functions: entries.length });
  schedules = startSchedules(port);
  // Firestore TTL policies, mirrored: the emulator never expires anything.
  stopTtl = startTtlSweeper(db(), TTL_POLICIES, 30_000, (error) =>
    log.warn('TTL sweep failed', { error: error.message }),
  );
});
const shutdown = () => {
  for (const s of schedules) clearInterval(s);
  stopTtl();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
