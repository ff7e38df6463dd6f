/** Runs a loaded WorkflowProgram: steps, jumps, loops, try/retry/except, subworkflow calls and blocking calls. */
import { evaluate } from './expression-eval.ts';
import { CancelledError, type FetchLike, httpCall } from './http-call.ts';
import type {
  AssignTarget,
  Predicate,
  RetryPolicy,
  Step,
  Template,
  WorkflowProgram,
} from './program.types.ts';
import type { FnContext } from './stdlib.ts';
import { isMap, tagged, typeName, type WfMap, type WfValue, WorkflowRaise } from './values.ts';

export { CancelledError };

/** What the host gives an execution: environment, clock, HTTP, logging and (scalable) sleeping. */
export interface RunOptions {
  env: (name: string) => string | undefined;
  fetch?: FetchLike;
  signal?: AbortSignal;
  /** Multiplies every sleep and retry backoff (tests use small factors; production is 1). */
  delayScale?: number;
  log?: (entry: { severity: string; payload: WfValue }) => void;
  now?: () => number;
  onStep?: (routine: string, step: string) => void;
  /** Replaces the real timer (tests record the requested delays instead of waiting). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** A raised value with the steps it passed through (innermost first), for the execution's error context. */
export interface StackFrame {
  routine: string;
  step: string;
}
const frames = new WeakMap<WorkflowRaise, StackFrame[]>();
export const stackOf = (e: WorkflowRaise): StackFrame[] => frames.get(e) ?? [];

type Outcome =
  | { kind: 'normal' }
  | { kind: 'return'; value: WfValue }
  | { kind: 'end' }
  | { kind: 'jump'; target: string }
  | { kind: 'break' }
  | { kind: 'continue' };
const NORMAL: Outcome = { kind: 'normal' };
const MAX_DEPTH = 20;

/** Variables of one subworkflow run; a for-loop body gets a child scope that dies with the loop. */
class Scope {
  private readonly vars = new Map<string, WfValue>();
  constructor(private readonly parent?: Scope) {}
  get(name: string): WfValue | undefined {
    return this.vars.has(name) ? this.vars.get(name) : this.parent?.get(name);
  }
  private owner(name: string): Scope | undefined {
    return this.vars.has(name) ? this : this.parent?.owner(name);
  }
  set(name: string, value: WfValue): void {
    (this.owner(name) ?? this).vars.set(name, value);
  }
  declare(name: string, value: WfValue): void {
    this.vars.set(name, value);
  }
}

// Workflows values are copied on assignment: later changes to one variable never show through another.
const copy = (v: WfValue): WfValue => (typeof v === 'object' && v !== null ? structuredClone(v) : v);

const realSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(new CancelledError('execution cancelled'));
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new CancelledError('execution cancelled'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

function tagsOf(e: WfValue): string[] {
  return isMap(e) && Array.isArray(e.tags) ? e.tags.filter((t): t is string => typeof t === 'string') : [];
}
const httpCode = (e: WfValue) => (isMap(e) && typeof e.code === 'number' ? e.code : undefined);

/** The built-in retry predicates, as documented for production. */
export function builtinPredicate(name: Extract<Predicate, { kind: 'builtin' }>['name'], e: WfValue): boolean {
  const tags = tagsOf(e);
  const code = tags.includes('HttpError') ? httpCode(e) : undefined;
  switch (name) {
    case 'retry.always':
      return true;
    case 'retry.never':
      return false;
    case 'http.default_retry_predicate':
      return (
        [429, 502, 503, 504].includes(code ?? 0) ||
        tags.some((t) => ['ConnectionError', 'ConnectionFailedError', 'TimeoutError'].includes(t))
      );
    case 'http.default_retry_predicate_non_idempotent':
      return [429, 503].includes(code ?? 0) || tags.includes('ConnectionFailedError');
  }
}

class Execution {
  private readonly fetchFn: FetchLike;
  private readonly signal: AbortSignal;
  private readonly scale: number;
  private readonly fnCtx: FnContext;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(
    private readonly program: WorkflowProgram,
    private readonly opts: RunOptions,
  ) {
    this.fetchFn = opts.fetch ?? ((url, init) => fetch(url, init));
    this.signal = opts.signal ?? new AbortController().signal;
    this.scale = opts.delayScale ?? 1;
    this.sleep = opts.sleep ?? realSleep;
    this.fnCtx = { env: opts.env, now: opts.now ?? (() => Date.now() / 1000) };
  }

  async subworkflow(name: string, args: WfMap, depth: number): Promise<WfValue> {
    const sub = this.program.subworkflows[name];
    if (!sub) throw tagged('SystemError', `no subworkflow '${name}'`);
    if (depth > MAX_DEPTH) throw tagged('RecursionError', `maximum call depth ${MAX_DEPTH} exceeded`);
    const scope = new Scope();
    for (const p of sub.params) {
      if (p.name in args) scope.declare(p.name, copy(args[p.name] as WfValue));
      else if (p.default) scope.declare(p.name, this.value(p.default, scope));
      else if (name === 'main') scope.declare(p.name, null);
      else throw tagged('TypeError', `subworkflow '${name}': missing argument '${p.name}'`);
    }
    const out = await this.steps(sub.steps, scope, name, depth);
    if (out.kind === 'return') return out.value;
    return null;
  }

  private async steps(steps: Step[], scope: Scope, routine: string, depth: number): Promise<Outcome> {
    let i = 0;
    while (i < steps.length) {
      const step = steps[i] as Step;
      let out = await this.stepWithFrame(step, scope, routine, depth);
      if (out.kind === 'normal' && step.next) out = this.follow(step.next);
      if (out.kind === 'normal') {
        i++;
        continue;
      }
      if (out.kind === 'jump') {
        const target = out.target;
        const at = steps.findIndex((s) => s.name === target);
        if (at >= 0) {
          i = at;
          continue;
        }
      }
      return out;
    }
    return NORMAL;
  }

  private follow(next: string): Outcome {
    if (next === 'end') return { kind: 'end' };
    if (next === 'break') return { kind: 'break' };
    if (next === 'continue') return { kind: 'continue' };
    return { kind: 'jump', target: next };
  }

  private async stepWithFrame(step: Step, scope: Scope, routine: string, depth: number): Promise<Outcome> {
    if (this.signal.aborted) throw new CancelledError('execution cancelled');
    this.opts.onStep?.(routine, step.name);
    try {
      return await this.step(step, scope, routine, depth);
    } catch (err) {
      if (err instanceof WorkflowRaise) {
        const stack = frames.get(err) ?? [];
        if (!stack.some((f) => f.step === step.name && f.routine === routine))
          stack.push({ routine, step: step.name });
        frames.set(err, stack);
      }
      throw err;
    }
  }

  private async step(step: Step, scope: Scope, routine: string, depth: number): Promise<Outcome> {
    switch (step.kind) {
      case 'assign':
        for (const a of step.assignments) this.assign(a.target, this.value(a.value, scope), scope);
        return NORMAL;
      case 'call': {
        const args: WfMap = {};
        for (const [k, t] of step.args) args[k] = this.value(t, scope);
        const result = await this.call(step.fn, args, depth);
        if (step.result) scope.set(step.result, copy(result));
        return NORMAL;
      }
      case 'switch':
        for (const c of step.conditions) {
          const ok = this.value(c.condition, scope);
          if (typeof ok !== 'boolean')
            throw tagged('TypeError', `switch condition must be a boolean, got ${typeName(ok)}`);
          if (!ok) continue;
          return this.steps([c.body], scope, routine, depth);
        }
        return NORMAL;
      case 'for':
        return this.forLoop(step, scope, routine, depth);
      case 'try':
        return this.tryStep(step, scope, routine, depth);
      case 'raise':
        throw new WorkflowRaise(this.value(step.value, scope));
      case 'return':
        return { kind: 'return', value: this.value(step.value, scope) };
      case 'steps':
        return this.steps(step.steps, scope, routine, depth);
      case 'jump':
        return NORMAL;
    }
  }

  private async forLoop(step: Extract<Step, { kind: 'for' }>, scope: Scope, routine: string, depth: number) {
    let items: WfValue[];
    if (step.source.kind === 'in') {
      const list = this.value(step.source.list, scope);
      if (!Array.isArray(list)) throw tagged('TypeError', `for: 'in' must be a list, got ${typeName(list)}`);
      items = list;
    } else {
      const from = this.value(step.source.from, scope);
      const to = this.value(step.source.to, scope);
      if (typeof from !== 'number' || typeof to !== 'number')
        throw tagged('TypeError', "for: 'range' bounds must be numbers");
      items = [];
      for (let x = from; x <= to; x++) items.push(x);
    }
    for (const [i, item] of items.entries()) {
      const body = new Scope(scope);
      body.declare(step.value, copy(item));
      if (step.index) body.declare(step.index, i);
      const out = await this.steps(step.steps, body, routine, depth);
      if (out.kind === 'break') break;
      if (out.kind === 'return' || out.kind === 'end' || out.kind === 'jump') return out;
    }
    return NORMAL;
  }

  private async tryStep(step: Extract<Step, { kind: 'try' }>, scope: Scope, routine: string, depth: number) {
    const retry = step.retry;
    let delay = retry?.initialDelay ?? 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.steps(step.body, scope, routine, depth);
      } catch (err) {
        if (!(err instanceof WorkflowRaise)) throw err;
        if (retry && attempt < retry.maxRetries && (await this.shouldRetry(retry, err.value, depth))) {
          await this.sleep(delay * 1000 * this.scale, this.signal);
          delay = Math.min(delay * retry.multiplier, retry.maxDelay);
          continue;
        }
        if (!step.except) throw err;
        if (step.except.as) scope.set(step.except.as, copy(err.value));
        return this.steps(step.except.steps, scope, routine, depth);
      }
    }
  }

  private async shouldRetry(retry: RetryPolicy, error: WfValue, depth: number): Promise<boolean> {
    const p = retry.predicate;
    if (p.kind === 'builtin') return builtinPredicate(p.name, error);
    const sub = this.program.subworkflows[p.name];
    const param = sub?.params[0]?.name as string;
    const verdict = await this.subworkflow(p.name, { [param]: error }, depth + 1);
    if (typeof verdict !== 'boolean')
      throw tagged(
        'TypeError',
        `retry predicate '${p.name}' must return a boolean, got ${typeName(verdict)}`,
      );
    return verdict;
  }

  private async call(fn: string, args: WfMap, depth: number): Promise<WfValue> {
    if (fn.startsWith('http.')) return httpCall(fn, args, this.fetchFn, this.signal);
    switch (fn) {
      case 'sys.log': {
        const severity = typeof args.severity === 'string' ? args.severity : 'DEFAULT';
        const payload = args.text ?? args.json ?? args.data ?? null;
        (this.opts.log ?? ((e) => console.log(JSON.stringify(e))))({ severity, payload });
        return null;
      }
      case 'sys.sleep': {
        const seconds = args.seconds;
        if (typeof seconds !== 'number' || seconds < 0)
          throw tagged('TypeError', 'sys.sleep: seconds must be a non-negative number');
        await this.sleep(seconds * 1000 * this.scale, this.signal);
        return null;
      }
      case 'sys.now':
        return this.fnCtx.now();
      case 'sys.get_env': {
        if (typeof args.name !== 'string') throw tagged('TypeError', 'sys.get_env: name must be a string');
        return this.opts.env(args.name) ?? (args.default as WfValue | undefined) ?? null;
      }
      default:
        return this.subworkflow(fn, args, depth + 1);
    }
  }

  private value(t: Template, scope: Scope): WfValue {
    switch (t.kind) {
      case 'const':
        return t.value;
      case 'expr':
        return evaluate(t.expr, (n) => scope.get(n), this.fnCtx);
      case 'list':
        return t.items.map((x) => this.value(x, scope));
      case 'map':
        return Object.fromEntries(t.entries.map(([k, v]) => [k, this.value(v, scope)]));
    }
  }

  private assign(target: AssignTarget, value: WfValue, scope: Scope): void {
    if (target.path.length === 0) {
      scope.set(target.variable, copy(value));
      return;
    }
    let cur = scope.get(target.variable);
    if (cur === undefined) throw tagged('KeyError', `undefined variable: ${target.variable}`);
    const lookup = (n: string) => scope.get(n);
    target.path.forEach((seg, i) => {
      const last = i === target.path.length - 1;
      const key = seg.kind === 'key' ? seg.name : evaluate(seg.expr, lookup, this.fnCtx);
      if (isMap(cur)) {
        if (typeof key !== 'string')
          throw tagged('TypeError', `map keys must be strings, got ${typeName(key)}`);
        // Production creates missing intermediate maps on nested assignment.
        if (last) cur[key] = copy(value);
        else {
          cur[key] ??= {};
          cur = cur[key] as WfValue;
        }
      } else if (Array.isArray(cur)) {
        if (typeof key !== 'number' || !Number.isInteger(key))
          throw tagged('TypeError', 'list indices must be integers');
        if (key < 0 || key >= cur.length) throw tagged('IndexError', `list index out of range: ${key}`);
        if (last) cur[key] = copy(value);
        else cur = cur[key] as WfValue;
      } else throw tagged('TypeError', `cannot assign into a value of type ${typeName(cur)}`);
    });
  }
}

/** Runs `main` with the runtime argument; resolves with its return value or rejects with WorkflowRaise/CancelledError. */
export async function runWorkflow(
  program: WorkflowProgram,
  argument: WfValue,
  opts: RunOptions,
): Promise<WfValue> {
  const exec = new Execution(program, opts);
  const main = program.subworkflows.main;
  const param = main?.params[0]?.name;
  return exec.subworkflow('main', param ? { [param]: argument } : {}, 0);
}
