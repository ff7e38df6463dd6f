/**
 * HTTP functions: route params, body-size limit, identity and roles from the manifest, zod-validated
 * body/query, and problem+json for every failure. Handlers only see valid, authorised requests.
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from '@google-cloud/functions-framework';
import type { z } from 'zod';
import type { ManifestEntry } from '../../manifest.ts';
import type { HttpTrigger } from '../../manifest.types.ts';
import { authenticate, hasAnyRole, type Principal, type Verify } from '../auth.ts';
import { type Logger, log as rootLog, traceIdFrom } from '../logger.ts';
import { bodyLimitOf } from './body-limit.ts';
import { applyCors } from './cors.ts';
import { fieldErrors, isProblem, type Problem, problem } from './problem.ts';
import { enforceRateLimit, type RateLimiter } from './rate-limit.ts';
import { matchRoute } from './route.ts';

export interface HttpResult {
  status: number;
  /** JSON-encoded, unless a Buffer: then sent as it is, with the Content-Type given in `headers`. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Writes the body itself (large or multipart answers, streamed); status and headers are set first. */
  stream?: (res: Response) => Promise<void>;
}

export interface HttpContext<B, Q, P> {
  entry: ManifestEntry<HttpTrigger>;
  body: B;
  query: Q;
  params: P;
  /** Undefined only on `roles: 'public'` routes. */
  principal: Principal;
  correlationId: string;
  idempotencyKey?: string;
  /** The request itself, for handlers that negotiate media types or read a non-JSON body (DICOMweb). */
  req: Request;
  log: Logger;
}

export interface HttpHandlerDef<B = unknown, Q = unknown, P = unknown> {
  kind: 'http';
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Response bodies by status, for the generated OpenAPI document only: results are not checked against them. */
  responses?: { [status: number]: z.ZodType };
  handle(ctx: HttpContext<B, Q, P>): Promise<HttpResult | Problem>;
}

/** Declares an HTTP handler (the default export of a `*.handler.ts`). */
export function httpHandler<B = undefined, Q = undefined, P = undefined>(
  def: Omit<HttpHandlerDef<B, Q, P>, 'kind'>,
): HttpHandlerDef<B, Q, P> {
  return { kind: 'http', ...def };
}

export const ok = (body: unknown): HttpResult => ({ status: 200, body });
export const accepted = (location: string, body: unknown): HttpResult => ({
  status: 202,
  body,
  headers: { Location: location },
});

/** Writes a result or a problem. */
export function send(res: Response, result: HttpResult | Problem, instance?: string): void {
  if (isProblem(result)) {
    res
      .status(result.status)
      .type('application/problem+json')
      .send(JSON.stringify({ ...result, instance }));
    return;
  }
  for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v);
  if (result.body === undefined) res.status(result.status).end();
  else if (Buffer.isBuffer(result.body)) res.status(result.status).send(result.body);
  else res.status(result.status).type('application/json').send(JSON.stringify(result.body));
}

/** Sends a result; a streamed one writes its own body after the status and headers. */
async function respond(res: Response, result: HttpResult | Problem, instance: string): Promise<void> {
  if (isProblem(result) || !result.stream) return send(res, result, instance);
  for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v);
  res.status(result.status);
  await result.stream(res);
}

type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

function validate<T>(schema: z.ZodType<T> | undefined, input: unknown, where: string): Outcome<T> {
  if (!schema) return { ok: true, value: undefined as T };
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problem: problem(400, 'validation', `invalid ${where}`, fieldErrors(parsed.error, where)),
  };
}

async function authorise(
  entry: ManifestEntry<HttpTrigger>,
  req: Request,
  verify?: Verify,
): Promise<Outcome<Principal>> {
  const roles = entry.trigger.roles;
  if (roles === 'public') return { ok: true, value: { uid: 'anonymous', roles: [] } };
  const principal = await authenticate(req.header('authorization'), verify);
  if (!principal)
    return { ok: false, problem: problem(401, 'unauthenticated', 'a valid bearer ID token is required') };
  if (!hasAnyRole(principal, roles)) {
    return {
      ok: false,
      problem: problem(403, 'forbidden', `requires one of the roles: ${roles.join(', ')}`),
    };
  }
  return { ok: true, value: principal };
}

/** Already refused while streaming (body-limit.ts); checked again for apps built without that cap. */
function bodyTooLarge(req: Request, max: number): boolean {
  const declared = Number(req.header('content-length') ?? 0);
  return declared > max || (req.rawBody?.length ?? 0) > max;
}

/** Adapts a handler definition to a functions-framework HTTP function. */
export function toHttpFunction(
  entry: ManifestEntry<HttpTrigger>,
  def: HttpHandlerDef,
  verify?: Verify,
  limiter?: RateLimiter,
) {
  return async (req: Request, res: Response): Promise<void> => {
    const correlationId = req.header('x-correlation-id') ?? randomUUID();
    const log = rootLog.with({ function: entry.name, trace: traceIdFrom(req.headers), correlationId });
    res.setHeader('X-Correlation-Id', correlationId);
    const instance = req.path;
    if (applyCors(req, res)) return;
    try {
      const params = matchRoute(entry.trigger.path, req.path);
      if (!params) return send(res, problem(404, 'not-found', `no route ${req.path}`), instance);
      if (req.method !== entry.trigger.method) {
        res.setHeader('Allow', entry.trigger.method);
        return send(res, problem(405, 'method-not-allowed', `use ${entry.trigger.method}`), instance);
      }
      const maxBody = bodyLimitOf(entry);
      if (bodyTooLarge(req, maxBody))
        return send(res, problem(413, 'too-large', `body over ${maxBody} bytes`), instance);
      const who = await authorise(entry, req, verify);
      if (!who.ok) return send(res, who.problem, instance);
      const throttled = await enforceRateLimit(req.method, who.value, res, log, limiter);
      if (throttled) return send(res, throttled, instance);
      if (def.body && !req.is('application/json')) {
        return send(
          res,
          problem(415, 'unsupported-media-type', 'send Content-Type: application/json'),
          instance,
        );
      }
      const p = validate(def.params, params, 'path');
      if (!p.ok)
        return send(
          res,
          p.problem.status === 400 ? problem(404, 'not-found', 'no such resource') : p.problem,
          instance,
        );
      const q = validate(def.query, req.query, 'query');
      if (!q.ok) return send(res, q.problem, instance);
      const b = validate(def.body, req.body, 'body');
      if (!b.ok) return send(res, b.problem, instance);
      const idempotencyKey = req.header('idempotency-key');
      const result = await def.handle({
        entry,
        body: b.value,
        query: q.value,
        params: p.value,
        principal: who.value,
        correlationId,
        ...(idempotencyKey ? { idempotencyKey } : {}),
        req,
        log,
      });
      await respond(res, result, instance);
    } catch (error) {
      // Error messages can quote input; log the class and where it was thrown, not the message.
      const e = error as Error;
      log.error('unhandled error', { error: e?.name, at: e?.stack?.split('\n')[1]?.trim() });
      // A streamed answer that fails midway can only be cut short: the client sees a truncated body.
      if (res.headersSent) res.destroy();
      else send(res, problem(500, 'internal', 'unexpected error; it has been logged'), instance);
    }
  };
}
