/**
 * The `http.*` calls: production's request shaping (JSON bodies, query maps, timeout) and response shape
 * `{body, code, headers}`, with HTTP >= 400 raised as an `HttpError` map and network failures as
 * `ConnectionFailedError`/`ConnectionError`/`TimeoutError` maps.
 */
import { fromJson, isMap, tagged, toJson, typeName, type WfMap, type WfValue } from './values.ts';

/** Raised when the execution is cancelled; never catchable by the workflow's `except`. */
export class CancelledError extends Error {
  override name = 'CancelledError';
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

function queryString(url: string, query: WfValue | undefined): string {
  if (query === undefined || query === null) return url;
  if (!isMap(query)) throw tagged('TypeError', `http: 'query' must be a map, got ${typeName(query)}`);
  const u = new URL(url);
  for (const [k, v] of Object.entries(query))
    for (const item of Array.isArray(v) ? v : [v]) u.searchParams.append(k, String(item));
  return u.toString();
}

function requestBody(
  body: WfValue | undefined,
  headers: Record<string, string>,
): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  const typeKey = Object.keys(headers).find((h) => h.toLowerCase() === 'content-type');
  const type = typeKey ? (headers[typeKey] as string) : undefined;
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string' && type && !type.includes('json')) return body;
  if (!typeKey) headers['Content-Type'] = 'application/json';
  return JSON.stringify(toJson(body));
}

async function responseBody(res: Response): Promise<WfValue> {
  const type = res.headers.get('content-type') ?? '';
  const buf = new Uint8Array(await res.arrayBuffer());
  if (type.includes('json')) {
    if (buf.length === 0) return null;
    const text = Buffer.from(buf).toString('utf8');
    try {
      return fromJson(JSON.parse(text));
    } catch {
      return text;
    }
  }
  if (type.startsWith('text/') || type === '') return Buffer.from(buf).toString('utf8');
  return buf;
}

function failure(err: unknown, timedOut: boolean): Error {
  if (timedOut) return tagged('TimeoutError', 'HTTP request timed out');
  const cause = (err as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? '';
  if (CONNECT_CODES.has(code))
    return tagged(['ConnectionFailedError', 'ConnectionError'], `connection failed: ${code}`);
  return tagged('ConnectionError', `connection error: ${code || (err as Error).message}`);
}

/** Performs `http.<method>` with the step's evaluated args; `signal` aborts on cancellation. */
export async function httpCall(
  fn: string,
  args: WfMap,
  fetchFn: FetchLike,
  signal: AbortSignal,
): Promise<WfValue> {
  const method = (fn === 'http.request' ? String(args.method ?? '') : fn.slice('http.'.length)).toUpperCase();
  if (typeof args.url !== 'string') throw tagged('TypeError', `${fn}: 'url' must be a string`);
  const headers: Record<string, string> = {};
  if (args.headers !== undefined && args.headers !== null) {
    if (!isMap(args.headers)) throw tagged('TypeError', `${fn}: 'headers' must be a map`);
    for (const [k, v] of Object.entries(args.headers)) headers[k] = String(v);
  }
  // auth (OIDC/OAuth2) is accepted but sends no token locally: the local function host has no IAM.
  const timeoutSeconds = typeof args.timeout === 'number' ? args.timeout : 300;
  const timeout = AbortSignal.timeout(timeoutSeconds * 1000);
  const url = queryString(args.url, args.query);
  let res: Response;
  try {
    res = await fetchFn(url, {
      method,
      headers,
      body: requestBody(args.body, headers) as RequestInit['body'],
      signal: AbortSignal.any([signal, timeout]),
    });
  } catch (err) {
    if (signal.aborted) throw new CancelledError('execution cancelled');
    throw failure(err, timeout.aborted);
  }
  const body = await responseBody(res);
  const responseHeaders: WfMap = {};
  res.headers.forEach((v, k) => {
    responseHeaders[k] = v;
  });
  if (res.status >= 400)
    throw tagged('HttpError', `HTTP server responded with error code ${res.status}`, {
      code: res.status,
      headers: responseHeaders,
      body,
    });
  return { body, code: res.status, headers: responseHeaders };
}
