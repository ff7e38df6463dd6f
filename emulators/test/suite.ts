/** Helpers for tests against the running local suite: API calls, tokens, state reset, waiting. */
import { type Message, PubSub } from '@google-cloud/pubsub';
import { inject } from 'vitest';
import { deadLetterTopic, type FunctionName } from '../../functions/manifest.ts';
import type { Role } from '../../functions/manifest.types.ts';
import { tokenFor } from '../auth/users.ts';
import { inspectSubscription } from '../suite/wiring.ts';

export const suite = () => inject('suite');

const tokens = new Map<string, Promise<string>>();

/** An ID token for a test user with these roles (cached per roles+center for the run). */
export function token(roles: Role[], centerId?: string): Promise<string> {
  const key = `${roles.join('+')}@${centerId ?? ''}`;
  let t = tokens.get(key);
  if (!t) {
    const email = `${roles.join('-')}-${centerId ?? 'any'}@test.saludtech.example`.toLowerCase();
    const s = suite();
    t = tokenFor(s.projectId, s.env.FIREBASE_AUTH_EMULATOR_HOST as string, {
      email,
      roles,
      ...(centerId ? { centerId } : {}),
    });
    tokens.set(key, t);
  }
  return t;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Calls the suite's API gateway. `body` objects are sent as JSON; strings are sent as they are. */
export async function api(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['Content-Type'] ??= 'application/json';
  const res = await fetch(`${suite().apiUrl}${path}`, {
    method,
    headers,
    ...(opts.body === undefined
      ? {}
      : { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body };
}

/** Deletes every Firestore document of the suite's project. */
export async function clearFirestore(): Promise<void> {
  const s = suite();
  const res = await fetch(
    `http://${s.env.FIRESTORE_EMULATOR_HOST}/emulator/v1/projects/${s.projectId}/databases/(default)/documents`,
    { method: 'DELETE' },
  );
  if (!res.ok) throw new Error(`clearing Firestore failed: ${res.status}`);
}

/** Polls `probe` until it returns a value (not undefined) or the time runs out. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const pubsub = () => new PubSub({ projectId: suite().projectId });

/** Reads a function's dead-letter inspection subscription (acking what it reads) until `match` arrives. */
export async function deadLettered(
  fn: FunctionName,
  match: (m: Message) => boolean,
  client: PubSub = pubsub(),
  timeoutMs?: number,
): Promise<Message> {
  const sub = client.subscription(inspectSubscription(deadLetterTopic(fn)));
  const found: Message[] = [];
  const onMessage = (m: Message) => {
    m.ack();
    if (match(m)) found.push(m);
  };
  sub.on('message', onMessage);
  try {
    return await eventually(async () => found[0], timeoutMs);
  } finally {
    sub.removeListener('message', onMessage);
    await sub.close();
  }
}
