/** A small Executions API client for tests and tools: start an execution, read it, wait for it to finish. */
import type { ExecutionState } from './executions-store.ts';

export interface Execution {
  name: string;
  state: ExecutionState;
  argument?: string;
  /** JSON-encoded return value, present when SUCCEEDED. */
  result?: string;
  error?: {
    payload: string;
    context: string;
    stackTrace?: { elements: { step: string; routine: string }[] };
  };
  startTime: string;
  endTime?: string;
  workflowRevisionId: string;
}

export interface ClientConfig {
  /** Base URL of the stand-in, e.g. http://127.0.0.1:9399 (default: WORKFLOWS_EMULATOR_HOST). */
  host?: string;
  projectId?: string;
  location?: string;
}

function config(c: ClientConfig = {}) {
  const host = c.host ?? process.env.WORKFLOWS_EMULATOR_HOST;
  if (!host) throw new Error('WORKFLOWS_EMULATOR_HOST is not set');
  const projectId = c.projectId ?? process.env.GOOGLE_CLOUD_PROJECT ?? process.env.GCLOUD_PROJECT;
  if (!projectId) throw new Error('GOOGLE_CLOUD_PROJECT is not set');
  return { host: host.replace(/\/$/, ''), projectId, location: c.location ?? 'us-central1' };
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const body = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new Error(`workflows ${res.status}: ${body.error?.message ?? 'request failed'}`);
  return body;
}

/** Starts `workflow` with `argument` (JSON-encoded for the API, as the official client expects). */
export function startExecution(workflow: string, argument: unknown, c?: ClientConfig): Promise<Execution> {
  const { host, projectId, location } = config(c);
  return call(`${host}/v1/projects/${projectId}/locations/${location}/workflows/${workflow}/executions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ argument: JSON.stringify(argument ?? null) }),
  });
}

/** Reads an execution by its full resource name. */
export function getExecution(name: string, c?: ClientConfig): Promise<Execution> {
  return call(`${config(c).host}/v1/${name}`);
}

/** Lists a workflow's executions, newest first (FULL view). */
export async function listExecutions(workflow: string, c?: ClientConfig): Promise<Execution[]> {
  const { host, projectId, location } = config(c);
  const out: Execution[] = [];
  let token = '';
  do {
    const page = await call<{ executions: Execution[]; nextPageToken?: string }>(
      `${host}/v1/projects/${projectId}/locations/${location}/workflows/${workflow}/executions?view=FULL&pageToken=${token}`,
    );
    out.push(...page.executions);
    token = page.nextPageToken ?? '';
  } while (token);
  return out;
}

/** Polls until the execution leaves ACTIVE; throws after `timeoutMs`. */
export async function awaitExecution(
  name: string,
  opts: { timeoutMs?: number } & ClientConfig = {},
): Promise<Execution> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const e = await getExecution(name, opts);
    if (e.state !== 'ACTIVE') return e;
    if (Date.now() > deadline)
      throw new Error(`execution ${name} still ACTIVE after ${opts.timeoutMs ?? 30_000} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
