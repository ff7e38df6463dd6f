/** Shared harness for the interpreter tests: runs YAML against an in-memory HTTP double and records effects. */
import { type RunOptions, runWorkflow } from './interpreter.ts';
import { parseWorkflow } from './parser.ts';
import { type WfValue, WorkflowRaise } from './values.ts';

export type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;
export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export function run(
  yaml: string,
  argument: WfValue = null,
  opts: Partial<RunOptions> & { http?: Handler } = {},
) {
  const sleeps: number[] = [];
  const logs: unknown[] = [];
  const calls: { url: string; method: string; body: unknown; headers: Record<string, string> }[] = [];
  const result = runWorkflow(parseWorkflow(yaml), argument, {
    env: (n) => ({ BASE: 'http://fn', GOOGLE_CLOUD_PROJECT_ID: 'p' })[n],
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    log: (e) => logs.push(e),
    fetch: async (url, init) => {
      calls.push({
        url,
        method: String(init.method),
        body: init.body === undefined ? undefined : JSON.parse(String(init.body)),
        headers: init.headers as Record<string, string>,
      });
      if (!opts.http) throw new Error('no HTTP expected');
      return opts.http(url, init);
    },
    ...opts,
  });
  return { result, sleeps, logs, calls };
}

export async function raisedBy(p: Promise<unknown>): Promise<WorkflowRaise> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WorkflowRaise) return e;
    throw e;
  }
  throw new Error('expected the workflow to raise');
}

export const steps = (body: string) => `main:\n  params: [input]\n  steps:\n${body}`;
