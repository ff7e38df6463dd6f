// Request context and small helpers shared by the route modules.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from './errors.ts';
import type { ObjectStore } from './object-store.ts';
import type { SessionStore } from './resumable-sessions.ts';
import type { SigningKeys } from './signing-credentials.ts';

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  query: URLSearchParams;
  store: ObjectStore;
  sessions: SessionStore;
  /** Base URL the caller used (from the Host header), for Location and selfLink values. */
  baseUrl: string;
  projectId: string;
  keys: SigningKeys;
}

const MAX_JSON = 1024 * 1024;

/** Reads a JSON request body; empty means `{}`. Bad JSON is a 400 like the API's parseError. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON) throw badRequest('Request body too large.', 'badRequest');
    parts.push(chunk);
  }
  const text = Buffer.concat(parts).toString('utf8').trim();
  if (text === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw badRequest('Parse Error', 'parseError');
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-length': '0', ...headers });
  res.end();
}

/** Splits a raw path into decoded segments (object names arrive percent-encoded, `/` as %2F). */
export function segments(rawPath: string): string[] {
  return rawPath
    .split('/')
    .filter((s, i) => i > 0 || s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        throw badRequest(`Invalid path encoding: ${s}`);
      }
    });
}

/** Validates an object name as the API does (1..1024 UTF-8 bytes, no CR/LF). */
export function validObjectName(name: string | null | undefined): string {
  if (!name) throw badRequest('Required', 'required');
  if (Buffer.byteLength(name) > 1024 || /[\r\n]/.test(name)) throw badRequest('The object name is invalid.');
  return name;
}

/** Copies writable string fields from a request body, rejecting wrong types with 400. */
export function pickFields(
  body: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!(f in body)) continue;
    const v = body[f];
    if (f === 'metadata') {
      if (v !== null && (typeof v !== 'object' || Array.isArray(v)))
        throw badRequest('Invalid value for metadata');
      out[f] = v;
    } else if (v === null || typeof v === 'string') {
      out[f] = v;
    } else {
      throw badRequest(`Invalid value for ${f}`);
    }
  }
  return out;
}
