/** Starts, runs and cancels executions, keeping each one's record in the store up to date. */
import { randomUUID } from 'node:crypto';
import { type ExecutionRecord, ExecutionStore } from './executions-store.ts';
import { CancelledError, runWorkflow, stackOf } from './interpreter.ts';
import { fromJson, toJson, type WfValue, WorkflowRaise } from './values.ts';
import type { WorkflowRegistry } from './workflow-registry.ts';

export interface ServiceOptions {
  projectId: string;
  location: string;
  dataDir: string;
  /** User environment variables visible to `sys.get_env` (built-ins are added per execution). */
  env: Record<string, string>;
  delayScale: number;
}

/** A failure the REST layer maps to a Google API error. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly status: string,
    message: string,
  ) {
    super(message);
  }
}

export class ExecutionsService {
  readonly store: ExecutionStore;
  private readonly running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();

  constructor(
    readonly registry: WorkflowRegistry,
    private readonly opts: ServiceOptions,
  ) {
    this.store = new ExecutionStore(`${opts.dataDir}/executions`);
  }

  workflowName(workflow: string): string {
    return `projects/${this.opts.projectId}/locations/${this.opts.location}/workflows/${workflow}`;
  }

  /** Creates an execution and starts it; `id` lets the Eventarc trigger derive it from the message id. */
  create(
    workflow: string,
    argument: string | undefined,
    id: string = randomUUID(),
    labels: Record<string, string> = {},
  ) {
    const loaded = this.registry.get(workflow);
    if (!loaded)
      throw new ApiError(404, 'NOT_FOUND', `Resource '${this.workflowName(workflow)}' was not found`);
    if (!loaded.ok) throw new ApiError(400, 'FAILED_PRECONDITION', `workflow does not load: ${loaded.error}`);
    let arg: WfValue = null;
    if (argument !== undefined && argument !== '') {
      try {
        arg = fromJson(JSON.parse(argument));
      } catch {
        throw new ApiError(400, 'INVALID_ARGUMENT', 'argument must be a JSON string');
      }
    }
    const rec: ExecutionRecord = {
      name: `${this.workflowName(workflow)}/executions/${id}`,
      workflow,
      id,
      state: 'ACTIVE',
      argument: argument ?? 'null',
      startTime: new Date().toISOString(),
      workflowRevisionId: loaded.revisionId,
      labels,
      callLogLevel: 'CALL_LOG_LEVEL_UNSPECIFIED',
    };
    this.store.save(rec);
    const controller = new AbortController();
    const env: Record<string, string> = {
      ...this.opts.env,
      GOOGLE_CLOUD_PROJECT_ID: this.opts.projectId,
      GOOGLE_CLOUD_PROJECT_NUMBER: '0',
      GOOGLE_CLOUD_LOCATION: this.opts.location,
      GOOGLE_CLOUD_WORKFLOW_ID: workflow,
      GOOGLE_CLOUD_WORKFLOW_REVISION_ID: loaded.revisionId,
      GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID: id,
    };
    const done = runWorkflow(loaded.program, arg, {
      env: (n) => env[n],
      signal: controller.signal,
      delayScale: this.opts.delayScale,
      log: ({ severity, payload }) =>
        console.log(
          JSON.stringify({
            severity,
            ...(typeof payload === 'string' ? { message: payload } : { jsonPayload: toJson(payload) }),
            'workflows.googleapis.com/execution_id': id,
            workflow,
          }),
        ),
    }).then(
      (value) => this.finish(rec.name, { state: 'SUCCEEDED', result: JSON.stringify(toJson(value)) }),
      (err: unknown) => this.finish(rec.name, failure(err)),
    );
    this.running.set(rec.name, { controller, done });
    return rec;
  }

  cancel(name: string): ExecutionRecord {
    const rec = this.store.get(name);
    if (!rec) throw new ApiError(404, 'NOT_FOUND', `Resource '${name}' was not found`);
    if (rec.state !== 'ACTIVE')
      throw new ApiError(
        400,
        'FAILED_PRECONDITION',
        `execution is ${rec.state}, only ACTIVE executions can be cancelled`,
      );
    const controller = this.running.get(name)?.controller;
    const saved = this.finish(name, {
      state: 'CANCELLED',
      error: { payload: JSON.stringify('Execution cancelled'), context: 'Execution cancelled by a request' },
    });
    controller?.abort();
    return saved;
  }

  /** Resolves once every running execution has settled (used on shutdown and in tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  abortAll(): void {
    for (const r of this.running.values()) r.controller.abort();
  }

  private finish(name: string, patch: Partial<ExecutionRecord>): ExecutionRecord {
    this.running.delete(name);
    const rec = this.store.get(name) as ExecutionRecord;
    if (rec.state !== 'ACTIVE') return rec; // cancelled while running: the cancellation stands
    const saved = { ...rec, ...patch, endTime: new Date().toISOString() };
    this.store.save(saved);
    return saved;
  }
}

/** The execution error in production's shape: JSON payload, readable context, stack of steps. */
function failure(err: unknown): Partial<ExecutionRecord> {
  if (err instanceof CancelledError) return { state: 'CANCELLED' };
  if (err instanceof WorkflowRaise) {
    const stack = stackOf(err);
    let payload: string;
    try {
      payload = JSON.stringify(toJson(err.value));
    } catch {
      payload = JSON.stringify(err.message);
    }
    const context = [
      `RuntimeError: ${payload}`,
      ...stack.map((f) => `in step "${f.step}", routine "${f.routine}"`),
    ].join('\n');
    return { state: 'FAILED', error: { payload, context, stackTrace: { elements: stack } } };
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    state: 'FAILED',
    error: {
      payload: JSON.stringify({ message: `stand-in internal error: ${message}`, tags: ['SystemError'] }),
      context: message,
    },
  };
}
