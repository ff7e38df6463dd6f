/** Calls to the platform's API with the signed-in user's ID token; problem+json answers become ApiError. */
import type { Session } from './session.ts';

export interface Problem {
  title?: string;
  detail?: string;
  status?: number;
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export interface Api {
  base: string;
  token(): Promise<string>;
  get<T>(path: string): Promise<T>;
  send<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** A POST whose answer's Location matters (202 Accepted commands). */
  post(path: string, body: unknown): Promise<{ body: unknown; location: string | null }>;
}

export function api(base: string, session: Session): Api {
  const token = () => session.user.getIdToken();
  async function raw(method: string, path: string, body?: unknown) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await token()}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) throw new ApiError(res.status, (parsed ?? {}) as Problem);
    return { body: parsed, location: res.headers.get('location') };
  }
  const call = async <T>(method: string, path: string, body?: unknown) =>
    (await raw(method, path, body)).body as T;
  return { base, token, get: (p) => call('GET', p), send: call, post: (p, b) => raw('POST', p, b) };
}

/**
 * Server-Sent Events over fetch (EventSource cannot send an Authorization header): calls `onEvent` for
 * each event until the stream ends or `signal` aborts; resolves when the stream ends.
 */
export async function watchEvents(
  a: Api,
  path: string,
  onEvent: (type: string, data: unknown) => void,
  signal: AbortSignal,
): Promise<void> {
  const res = await fetch(`${a.base}${path}`, {
    headers: { Authorization: `Bearer ${await a.token()}`, Accept: 'text/event-stream' },
    signal,
  });
  if (!res.ok || !res.body) throw new ApiError(res.status, {});
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let at = buffer.indexOf('\n\n');
    while (at >= 0) {
      const block = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      let type = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) onEvent(type, JSON.parse(data.join('\n')));
      at = buffer.indexOf('\n\n');
    }
  }
}
