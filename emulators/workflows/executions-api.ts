/**
 * The Workflow Executions REST API subset (v1): create, get, list and cancel, with Google's JSON error shape.
 * Paths: /v1/projects/P/locations/L/workflows/W/executions[/E[:cancel]].
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, type ExecutionsService } from './executions-service.ts';
import type { ExecutionRecord } from './executions-store.ts';

const EXECUTIONS =
  /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/workflows\/([^/]+)\/executions(?:\/([^/:]+)(:cancel)?)?$/;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    const body = JSON.parse(text);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body;
  } catch {
    // fall through
  }
  throw new ApiError(400, 'INVALID_ARGUMENT', 'the request body must be a JSON object');
}

function duration(rec: ExecutionRecord): string | undefined {
  if (!rec.endTime) return undefined;
  return `${((Date.parse(rec.endTime) - Date.parse(rec.startTime)) / 1000).toFixed(3)}s`;
}

/** The REST representation; BASIC leaves out argument, result and error, as the API's list default does. */
export function view(rec: ExecutionRecord, kind: 'BASIC' | 'FULL'): Record<string, unknown> {
  const basic = {
    name: rec.name,
    startTime: rec.startTime,
    ...(rec.endTime ? { endTime: rec.endTime, duration: duration(rec) } : {}),
    state: rec.state,
    workflowRevisionId: rec.workflowRevisionId,
  };
  if (kind === 'BASIC') return basic;
  return {
    ...basic,
    argument: rec.argument,
    ...(rec.result !== undefined ? { result: rec.result } : {}),
    ...(rec.error ? { error: rec.error } : {}),
    callLogLevel: rec.callLogLevel,
    labels: rec.labels,
    status: {},
  };
}

function viewParam(url: URL, fallback: 'BASIC' | 'FULL'): 'BASIC' | 'FULL' {
  const v = url.searchParams.get('view') ?? fallback;
  if (v !== 'BASIC' && v !== 'FULL' && v !== 'EXECUTION_VIEW_UNSPECIFIED')
    throw new ApiError(400, 'INVALID_ARGUMENT', `invalid view '${v}'`);
  return v === 'EXECUTION_VIEW_UNSPECIFIED' ? fallback : v;
}

function list(service: ExecutionsService, workflow: string, url: URL) {
  for (const p of ['filter', 'orderBy'])
    if (url.searchParams.get(p))
      throw new ApiError(400, 'INVALID_ARGUMENT', `'${p}' is not supported by the stand-in`);
  const pageSize = Math.min(Number(url.searchParams.get('pageSize') ?? 100) || 100, 1000);
  const start = Number(url.searchParams.get('pageToken') || 0);
  if (!Number.isInteger(start) || start < 0) throw new ApiError(400, 'INVALID_ARGUMENT', 'invalid pageToken');
  const all = service.store.list(service.workflowName(workflow));
  const page = all.slice(start, start + pageSize);
  const kind = viewParam(url, 'BASIC');
  return {
    executions: page.map((r) => view(r, kind)),
    ...(start + pageSize < all.length ? { nextPageToken: String(start + pageSize) } : {}),
  };
}

/** Handles one API request; answers 404 for paths outside the API. */
export async function handleApi(
  service: ExecutionsService,
  project: string,
  location: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  try {
    const m = EXECUTIONS.exec(decodeURIComponent(url.pathname));
    if (!m) throw new ApiError(404, 'NOT_FOUND', `no route ${req.method} ${url.pathname}`);
    const [, p, l, workflow = '', id, cancel] = m;
    if (p !== project || l !== location)
      throw new ApiError(
        404,
        'NOT_FOUND',
        `this stand-in serves projects/${project}/locations/${location} only`,
      );
    const name = `${service.workflowName(workflow)}/executions/${id}`;
    if (!id && req.method === 'POST') {
      const body = await readJson(req);
      if (body.argument !== undefined && typeof body.argument !== 'string')
        throw new ApiError(400, 'INVALID_ARGUMENT', "'argument' must be a JSON-encoded string");
      const labels = (body.labels ?? {}) as Record<string, string>;
      return send(
        res,
        200,
        view(service.create(workflow, body.argument as string | undefined, undefined, labels), 'FULL'),
      );
    }
    if (!id && req.method === 'GET') {
      if (!service.registry.get(workflow))
        throw new ApiError(404, 'NOT_FOUND', `Resource '${service.workflowName(workflow)}' was not found`);
      return send(res, 200, list(service, workflow, url));
    }
    if (id && cancel && req.method === 'POST') {
      await readJson(req);
      return send(res, 200, view(service.cancel(name), 'FULL'));
    }
    if (id && !cancel && req.method === 'GET') {
      const rec = service.store.get(name);
      if (!rec) throw new ApiError(404, 'NOT_FOUND', `Resource '${name}' was not found`);
      return send(res, 200, view(rec, viewParam(url, 'FULL')));
    }
    throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname}`);
  } catch (err) {
    if (err instanceof ApiError)
      return send(res, err.code, { error: { code: err.code, message: err.message, status: err.status } });
    send(res, 500, { error: { code: 500, message: (err as Error).message, status: 'INTERNAL' } });
  }
}
