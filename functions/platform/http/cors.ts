/**
 * CORS for the web console when it is served from another origin than the API (locally the Hosting
 * emulator's port; in production only if the console is not behind the API's own domain). Origins are
 * an explicit list (`CORS_ALLOWED_ORIGINS`, comma-separated); no wildcard, since requests carry tokens.
 */
import type { Request, Response } from '@google-cloud/functions-framework';

const METHODS = 'GET, POST, PUT, PATCH, DELETE';
const HEADERS = 'Authorization, Content-Type, Accept, Idempotency-Key, X-Correlation-Id';
const EXPOSED = 'Location, Retry-After, X-Correlation-Id, Content-Type';

/** The allowed origins from the environment (read per call: tests and the local host set it late). */
export const allowedOrigins = (env: NodeJS.ProcessEnv = process.env): Set<string> =>
  new Set(
    (env.CORS_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/$/, ''))
      .filter(Boolean),
  );

/**
 * Sets the CORS headers for an allowed Origin; answers a preflight (OPTIONS) itself. Returns true when
 * the request has been answered.
 */
export function applyCors(req: Request, res: Response, origins = allowedOrigins()): boolean {
  const origin = req.header('origin');
  res.vary('Origin');
  if (!origin || !origins.has(origin)) {
    if (req.method === 'OPTIONS') {
      res.status(403).end();
      return true;
    }
    return false;
  }
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Expose-Headers', EXPOSED);
  if (req.method !== 'OPTIONS') return false;
  res.setHeader('Access-Control-Allow-Methods', METHODS);
  res.setHeader('Access-Control-Allow-Headers', HEADERS);
  res.setHeader('Access-Control-Max-Age', '600');
  res.status(204).end();
  return true;
}
