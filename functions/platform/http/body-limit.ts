/**
 * Request bodies are capped while they stream, before anything parses them and before authentication.
 * functions-framework's own parsers accept 1024 MB, and Cloud Run lets 32 MiB through: one anonymous
 * 32 MiB JSON body costs an instance ~300 MB. So its parser factories are given the function's own limit.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { FunctionSpec } from '../../manifest.types.ts';
import { config } from '../config.ts';
import { problem } from './problem.ts';

/** Pub/Sub's largest message (10 MB) base64-encoded in a push body, plus the envelope. */
export const PUSH_BODY_BYTES = 14 * 1024 * 1024;

/** The largest body a function accepts: what its entry declares, else 1 MB (HTTP) or a whole push (events). */
export function bodyLimitOf(spec: Pick<FunctionSpec, 'trigger' | 'maxBodyBytes'>): number {
  return spec.maxBodyBytes ?? (spec.trigger.kind === 'pubsub' ? PUSH_BODY_BYTES : config().maxBodyBytes);
}

type Next = (err?: unknown) => void;
type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;
type ParserFactory = (options?: Record<string, unknown>) => Middleware;
const KINDS = ['json', 'raw', 'text', 'urlencoded'] as const;

// The very body-parser instance functions-framework resolves (its server reads `bodyParser.json` etc. when
// it builds each app, after our modules are loaded).
const frameworkRequire = createRequire(
  createRequire(import.meta.url).resolve('@google-cloud/functions-framework'),
);
const parsers = frameworkRequire('body-parser') as Record<(typeof KINDS)[number], ParserFactory>;

/** How long a refused upload may keep streaming (discarded) so that its client reads the 413. */
const DRAIN_MS = 10_000;

/** 413 problem+json, then the connection closes once the client stops sending (never a reset mid-upload). */
function refuse(req: IncomingMessage, res: ServerResponse, limit: number): void {
  const body = JSON.stringify({
    ...problem(413, 'too-large', `body over ${limit} bytes`),
    instance: req.url,
  });
  res.writeHead(413, { 'Content-Type': 'application/problem+json', Connection: 'close' });
  res.end(body);
  // The parser stopped reading: discard the rest without keeping it, so the client's write completes.
  req.resume();
  setTimeout(() => req.socket.destroy(), DRAIN_MS).unref();
}

let building: number | undefined;
let fallback: () => number = () => config().maxBodyBytes;
let installed = false;

/**
 * Makes every body parser functions-framework builds from now on stop at a limit: the one given to
 * `withBodyLimit` while an app is built, else `defaultLimit()` (the single function a Cloud Run instance
 * serves). Over the limit the request gets 413 problem+json before it is parsed or authenticated.
 */
export function capRequestBodies(defaultLimit: () => number): void {
  fallback = defaultLimit;
  if (installed) return;
  installed = true;
  for (const kind of KINDS) {
    const original = parsers[kind];
    parsers[kind] = (options = {}) => {
      const limit = building ?? fallback();
      const parse = original({ ...options, limit });
      return (req, res, next) =>
        parse(req, res, (err) => {
          if ((err as { type?: string } | undefined)?.type === 'entity.too.large') refuse(req, res, limit);
          else next(err);
        });
    };
  }
}

/** Builds a functions-framework app (`getTestServer`) whose parsers stop at `limit`. */
export function withBodyLimit<T>(limit: number, build: () => T): T {
  const previous = building;
  building = limit;
  try {
    return build();
  } finally {
    building = previous;
  }
}
