/**
 * Loads a Cloud Workflows YAML definition into a WorkflowProgram, accepting only the subset the stand-in runs.
 * Anything else (unknown keys, steps, calls or functions) is a WorkflowSyntaxError naming the step: the local
 * suite must never silently run something different from what production would.
 */
import { isMap as isYamlMap, parseDocument } from 'yaml';
import { ExpressionSyntaxError } from './expression-lexer.ts';
import { calledFunctions, type Expr, parseExpression } from './expression-parser.ts';
import type {
  AssignTarget,
  Param,
  Predicate,
  RetryPolicy,
  Step,
  StepBody,
  Subworkflow,
  Template,
  WorkflowProgram,
} from './program.types.ts';
import { expressionFunctionProblem } from './stdlib.ts';
import { fromJson } from './values.ts';

export type { WorkflowProgram } from './program.types.ts';

/** A definition outside the supported subset, or malformed; the message names file and step. */
export class WorkflowSyntaxError extends Error {
  override name = 'WorkflowSyntaxError';
}

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED_NEXT = new Set(['end', 'break', 'continue']);

/** Calls the stand-in implements (besides subworkflows), with the arguments each accepts. */
const CALLS: Record<string, { args: string[]; required: string[] }> = {
  'http.get': { args: ['url', 'headers', 'body', 'query', 'auth', 'timeout'], required: ['url'] },
  'http.post': { args: ['url', 'headers', 'body', 'query', 'auth', 'timeout'], required: ['url'] },
  'http.put': { args: ['url', 'headers', 'body', 'query', 'auth', 'timeout'], required: ['url'] },
  'http.patch': { args: ['url', 'headers', 'body', 'query', 'auth', 'timeout'], required: ['url'] },
  'http.delete': { args: ['url', 'headers', 'body', 'query', 'auth', 'timeout'], required: ['url'] },
  'http.request': {
    args: ['method', 'url', 'headers', 'body', 'query', 'auth', 'timeout'],
    required: ['method', 'url'],
  },
  'sys.log': { args: ['text', 'json', 'data', 'severity'], required: [] },
  'sys.sleep': { args: ['seconds'], required: ['seconds'] },
  'sys.now': { args: [], required: [] },
  'sys.get_env': { args: ['name', 'default'], required: ['name'] },
};

const BUILTIN_PREDICATES = [
  'http.default_retry_predicate',
  'http.default_retry_predicate_non_idempotent',
  'retry.always',
  'retry.never',
] as const;

/** Default backoff of the `http.default_retry*` policies (retry.default_backoff in production). */
const DEFAULT_BACKOFF = { initialDelay: 1, maxDelay: 60, multiplier: 1.25 };

class Loader {
  /** Deferred checks that need every subworkflow loaded (calls and predicates by name). */
  private readonly pending: (() => void)[] = [];
  private readonly subworkflows: Record<string, Subworkflow> = {};

  constructor(private readonly file: string) {}

  fail(where: string, message: string): never {
    throw new WorkflowSyntaxError(`${this.file}: ${where}: ${message}`);
  }

  load(doc: unknown): WorkflowProgram {
    if (Array.isArray(doc)) {
      this.subworkflows.main = { name: 'main', params: [], steps: this.steps(doc, 'main', new Set(), false) };
    } else if (isRaw(doc)) {
      if (!('main' in doc)) this.fail('(top level)', "a map of subworkflows needs a 'main' subworkflow");
      for (const [name, body] of Object.entries(doc)) this.subworkflow(name, body);
    } else this.fail('(top level)', 'expected a list of steps or a map of subworkflows');
    for (const check of this.pending) check();
    for (const sub of Object.values(this.subworkflows)) this.checkUniqueNames(sub);
    return { file: this.file, subworkflows: this.subworkflows };
  }

  private subworkflow(name: string, body: unknown): void {
    if (!IDENT.test(name)) this.fail(name, 'invalid subworkflow name');
    if (!isRaw(body)) this.fail(name, "a subworkflow is a map with 'steps' (and optional 'params')");
    this.onlyKeys(body, ['params', 'steps'], name);
    if (!Array.isArray(body.steps)) this.fail(name, "'steps' must be a list");
    const params = this.params(body.params, name);
    if (name === 'main' && params.length > 1)
      this.fail(name, 'main takes at most one parameter (the runtime argument)');
    this.subworkflows[name] = { name, params, steps: this.steps(body.steps, name, new Set(), false) };
  }

  private params(raw: unknown, where: string): Param[] {
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) this.fail(where, "'params' must be a list");
    return raw.map((p): Param => {
      if (typeof p === 'string' && IDENT.test(p)) return { name: p };
      if (isRaw(p) && Object.keys(p).length === 1) {
        const [name, value] = Object.entries(p)[0] as [string, unknown];
        if (IDENT.test(name)) return { name, default: this.template(value, `${where} params.${name}`) };
      }
      return this.fail(where, `invalid parameter ${JSON.stringify(p)}`);
    });
  }

  private onlyKeys(raw: Raw, allowed: string[], where: string): void {
    for (const key of Object.keys(raw))
      if (!allowed.includes(key)) {
        const hint = key === 'parallel' ? ' (parallel steps are not supported by the stand-in)' : '';
        this.fail(where, `unsupported key '${key}'${hint}; allowed here: ${allowed.join(', ')}`);
      }
  }

  /**
   * A list of steps. `visible` holds the step names a `next` may jump to from an enclosing list; `inLoop`
   * allows `break`/`continue`.
   */
  private steps(raw: unknown[], where: string, visible: Set<string>, inLoop: boolean): Step[] {
    const entries = raw.map((item, i) => {
      if (!isRaw(item) || Object.keys(item).length !== 1)
        this.fail(`${where}[${i}]`, 'each step is a map with exactly one key: its name');
      const [name, body] = Object.entries(item)[0] as [string, unknown];
      return { name, body };
    });
    const here = new Set([...visible, ...entries.map((e) => e.name)]);
    return entries.map(({ name, body }) => {
      if (!IDENT.test(name)) this.fail(`${where} > ${name}`, 'invalid step name');
      if (!isRaw(body)) this.fail(`${where} > ${name}`, 'a step body must be a map');
      return this.step(name, body, `${where} > ${name}`, here, inLoop);
    });
  }

  private step(name: string, raw: Raw, where: string, visible: Set<string>, inLoop: boolean): Step {
    const next = raw.next;
    if (next !== undefined) {
      if (typeof next !== 'string') this.fail(where, "'next' must be a step name");
      if (next === 'break' || next === 'continue') {
        if (!inLoop) this.fail(where, `'next: ${next}' is only valid inside a for loop`);
      } else if (!RESERVED_NEXT.has(next) && !visible.has(next))
        this.fail(where, `'next: ${next}' names no step reachable from here`);
    }
    const body = this.body(raw, where, visible, inLoop);
    return { name, where, ...(next === undefined ? {} : { next: next as string }), ...body } as Step;
  }

  private body(raw: Raw, where: string, visible: Set<string>, inLoop: boolean): StepBody {
    const has = (k: string) => k in raw;
    if (has('parallel')) this.fail(where, 'parallel steps are not supported by the stand-in');
    if (has('assign')) {
      this.onlyKeys(raw, ['assign', 'next'], where);
      return this.assign(raw.assign, where);
    }
    if (has('call')) {
      this.onlyKeys(raw, ['call', 'args', 'result', 'next'], where);
      return this.call(raw, where);
    }
    if (has('switch')) {
      this.onlyKeys(raw, ['switch', 'next'], where);
      if (!Array.isArray(raw.switch) || raw.switch.length === 0)
        this.fail(where, "'switch' must be a non-empty list");
      return {
        kind: 'switch',
        conditions: raw.switch.map((c, i) => {
          const w = `${where} switch[${i}]`;
          if (!isRaw(c) || !('condition' in c)) this.fail(w, "each switch entry needs a 'condition'");
          const { condition, ...rest } = c;
          if (Object.keys(rest).length === 0)
            this.fail(w, 'a condition needs next, steps, assign, call, return or raise');
          const body = this.step(`switch[${i}]`, rest, w, visible, inLoop);
          return { condition: this.template(condition, `${w} condition`), body };
        }),
      };
    }
    if (has('for')) {
      this.onlyKeys(raw, ['for', 'next'], where);
      return this.forLoop(raw.for, where);
    }
    if (has('try')) {
      this.onlyKeys(raw, ['try', 'retry', 'except', 'next'], where);
      return this.tryStep(raw, where, visible, inLoop);
    }
    if (has('raise')) {
      this.onlyKeys(raw, ['raise'], where);
      return { kind: 'raise', value: this.template(raw.raise, `${where} raise`) };
    }
    if (has('return')) {
      this.onlyKeys(raw, ['return'], where);
      return { kind: 'return', value: this.template(raw.return, `${where} return`) };
    }
    if (has('steps')) {
      this.onlyKeys(raw, ['steps', 'next'], where);
      if (!Array.isArray(raw.steps)) this.fail(where, "'steps' must be a list");
      return { kind: 'steps', steps: this.steps(raw.steps, where, visible, inLoop) };
    }
    if (has('next')) {
      this.onlyKeys(raw, ['next'], where);
      return { kind: 'jump' };
    }
    const keys = Object.keys(raw).join(', ') || '(none)';
    return this.fail(
      where,
      `unsupported step (keys: ${keys}); supported: assign, call, switch, for, try, raise, return, steps, next`,
    );
  }

  private assign(raw: unknown, where: string): StepBody {
    if (!Array.isArray(raw) || raw.length === 0) this.fail(where, "'assign' must be a non-empty list");
    return {
      kind: 'assign',
      assignments: raw.map((a, i) => {
        if (!isRaw(a) || Object.keys(a).length !== 1)
          this.fail(`${where} assign[${i}]`, 'each assignment is a one-key map');
        const [lhs, value] = Object.entries(a)[0] as [string, unknown];
        return {
          target: this.target(lhs, `${where} assign[${i}]`),
          value: this.template(value, `${where} ${lhs}`),
        };
      }),
    };
  }

  private target(lhs: string, where: string): AssignTarget {
    const e = this.expr(lhs, where);
    const path: AssignTarget['path'] = [];
    let cur: Expr = e;
    while (cur.kind === 'member' || cur.kind === 'index') {
      path.unshift(
        cur.kind === 'member' ? { kind: 'key', name: cur.name } : { kind: 'index', expr: cur.index },
      );
      cur = cur.object;
    }
    if (cur.kind !== 'var') this.fail(where, `cannot assign to '${lhs}'`);
    return { variable: cur.name, path };
  }

  private call(raw: Raw, where: string): StepBody {
    const fn = raw.call;
    if (typeof fn !== 'string') this.fail(where, "'call' must name a function or subworkflow");
    if (raw.args !== undefined && !isRaw(raw.args)) this.fail(where, "'args' must be a map");
    const args = Object.entries((raw.args as Raw | undefined) ?? {}).map(([k, v]): [string, Template] => [
      k,
      this.template(v, `${where} args.${k}`),
    ]);
    const result = raw.result;
    if (result !== undefined && (typeof result !== 'string' || !IDENT.test(result)))
      this.fail(where, "'result' must be a variable name");
    const names = args.map(([k]) => k);
    this.pending.push(() => {
      const builtin = CALLS[fn];
      const sub = this.subworkflows[fn];
      const allowed = builtin?.args ?? sub?.params.map((p) => p.name);
      const required = builtin?.required ?? sub?.params.filter((p) => !p.default).map((p) => p.name);
      if (!allowed || !required) {
        const problem = expressionFunctionProblem(fn);
        return this.fail(
          where,
          problem
            ? `unknown call target '${fn}': not a subworkflow of this file nor a supported call (${Object.keys(CALLS).join(', ')})`
            : `'call: ${fn}' is not supported by the stand-in; use it in an expression instead`,
        );
      }
      for (const n of names)
        if (!allowed.includes(n))
          this.fail(where, `'${fn}' takes no argument '${n}' (it takes: ${allowed.join(', ') || 'none'})`);
      for (const r of required) if (!names.includes(r)) this.fail(where, `'${fn}' needs the argument '${r}'`);
      if (fn === 'sys.log' && !names.some((n) => ['text', 'json', 'data'].includes(n)))
        this.fail(where, "'sys.log' needs 'text', 'json' or 'data'");
      if (builtin) this.checkAuth(args, where);
    });
    return { kind: 'call', fn, args, ...(result === undefined ? {} : { result: result as string }) };
  }

  private checkAuth(args: [string, Template][], where: string): void {
    const auth = args.find(([k]) => k === 'auth')?.[1];
    if (auth?.kind !== 'map') return;
    const keys = auth.entries.map(([k]) => k);
    for (const k of keys)
      if (!['type', 'audience', 'scopes', 'scope'].includes(k))
        this.fail(where, `unsupported auth key '${k}'`);
    const type = auth.entries.find(([k]) => k === 'type')?.[1];
    if (type?.kind === 'const' && type.value !== 'OIDC' && type.value !== 'OAuth2')
      this.fail(where, `auth type must be OIDC or OAuth2, got ${JSON.stringify(type.value)}`);
  }

  private forLoop(raw: unknown, where: string): StepBody {
    if (!isRaw(raw)) this.fail(where, "'for' must be a map");
    this.onlyKeys(raw, ['value', 'index', 'in', 'range', 'steps'], where);
    const { value, index } = raw;
    if (typeof value !== 'string' || !IDENT.test(value))
      this.fail(where, "'for' needs 'value': a variable name");
    if (index !== undefined && (typeof index !== 'string' || !IDENT.test(index)))
      this.fail(where, "'index' must be a variable name");
    if ('in' in raw === 'range' in raw) this.fail(where, "'for' needs exactly one of 'in' or 'range'");
    if (!Array.isArray(raw.steps)) this.fail(where, "'for' needs 'steps'");
    let source: Extract<StepBody, { kind: 'for' }>['source'];
    if ('in' in raw) source = { kind: 'in', list: this.template(raw.in, `${where} in`) };
    else {
      if (index !== undefined) this.fail(where, "'index' cannot be used with 'range'");
      const r = raw.range;
      const bounds = typeof r === 'string' ? undefined : r;
      if (!Array.isArray(bounds) || bounds.length !== 2)
        this.fail(where, "'range' must be a list [start, end]");
      source = {
        kind: 'range',
        from: this.template(bounds[0], `${where} range[0]`),
        to: this.template(bounds[1], `${where} range[1]`),
      };
    }
    return {
      kind: 'for',
      value,
      ...(index === undefined ? {} : { index: index as string }),
      source,
      // A loop body may not jump out of the loop, only break/continue (production rule).
      steps: this.steps(raw.steps, `${where} for`, new Set(), true),
    };
  }

  private tryStep(raw: Raw, where: string, visible: Set<string>, inLoop: boolean): StepBody {
    const t = raw.try;
    if (!isRaw(t)) this.fail(where, "'try' must be a map ('steps' or a single step body)");
    const body =
      Object.keys(t).length === 1 && Array.isArray(t.steps)
        ? this.steps(t.steps, `${where} try`, visible, inLoop)
        : [this.step('try', t, `${where} try`, visible, inLoop)];
    const out: Extract<StepBody, { kind: 'try' }> = { kind: 'try', body };
    if (raw.retry !== undefined) out.retry = this.retry(raw.retry, `${where} retry`);
    if (raw.except !== undefined) {
      const e = raw.except;
      if (!isRaw(e) || !Array.isArray(e.steps)) this.fail(`${where} except`, "'except' needs 'steps'");
      this.onlyKeys(e, ['as', 'steps'], `${where} except`);
      if (e.as !== undefined && (typeof e.as !== 'string' || !IDENT.test(e.as)))
        this.fail(`${where} except`, "'as' must be a variable name");
      out.except = {
        ...(e.as === undefined ? {} : { as: e.as as string }),
        steps: this.steps(e.steps, `${where} except`, visible, inLoop),
      };
    }
    if (!out.retry && !out.except) this.fail(where, "'try' needs 'retry' and/or 'except'");
    return out;
  }

  private retry(raw: unknown, where: string): RetryPolicy {
    if (typeof raw === 'string') {
      const name = this.referenceName(raw, where);
      if (name === 'http.default_retry')
        return {
          predicate: { kind: 'builtin', name: 'http.default_retry_predicate' },
          maxRetries: 5,
          ...DEFAULT_BACKOFF,
        };
      if (name === 'http.default_retry_non_idempotent')
        return {
          predicate: { kind: 'builtin', name: 'http.default_retry_predicate_non_idempotent' },
          maxRetries: 5,
          ...DEFAULT_BACKOFF,
        };
      return this.fail(
        where,
        `unsupported retry policy '${raw}' (use \${http.default_retry}, \${http.default_retry_non_idempotent} or a map)`,
      );
    }
    if (!isRaw(raw)) this.fail(where, "'retry' must be a policy expression or a map");
    this.onlyKeys(raw, ['predicate', 'max_retries', 'backoff'], where);
    if (typeof raw.predicate !== 'string')
      this.fail(where, "'predicate' is required (a built-in predicate or a subworkflow name)");
    const predicate = this.predicate(raw.predicate, where);
    const maxRetries = raw.max_retries;
    if (typeof maxRetries !== 'number' || !Number.isInteger(maxRetries) || maxRetries < 0)
      this.fail(where, "'max_retries' must be a non-negative integer");
    let backoff = DEFAULT_BACKOFF;
    if (raw.backoff !== undefined) {
      const b = raw.backoff;
      if (typeof b === 'string' && this.referenceName(b, where) === 'retry.default_backoff')
        backoff = DEFAULT_BACKOFF;
      else {
        if (!isRaw(b)) this.fail(where, "'backoff' must be a map");
        this.onlyKeys(b, ['initial_delay', 'max_delay', 'multiplier'], `${where} backoff`);
        const n = (k: string, d: number) => {
          const v = b[k] ?? d;
          if (typeof v !== 'number' || v < 0)
            this.fail(`${where} backoff`, `'${k}' must be a non-negative number`);
          return v;
        };
        backoff = {
          initialDelay: n('initial_delay', 1),
          maxDelay: n('max_delay', 60),
          multiplier: n('multiplier', 1.25),
        };
      }
    }
    return { predicate, maxRetries, ...backoff };
  }

  private predicate(raw: string, where: string): Predicate {
    const name = this.referenceName(raw, where);
    const builtin = BUILTIN_PREDICATES.find((p) => p === name);
    if (builtin) return { kind: 'builtin', name: builtin };
    if (!IDENT.test(name)) this.fail(where, `unsupported predicate '${raw}'`);
    this.pending.push(() => {
      const sub = this.subworkflows[name];
      if (!sub) this.fail(where, `predicate '${name}' is not a subworkflow of this file`);
      if (sub.params.length !== 1)
        this.fail(where, `predicate subworkflow '${name}' must take exactly one parameter`);
    });
    return { kind: 'subworkflow', name };
  }

  /** The dotted name inside `${name}` (retry policies and predicates are references, not values). */
  private referenceName(raw: string, where: string): string {
    const m = /^\$\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}$/.exec(raw);
    if (!m) return this.fail(where, `expected \${name}, got '${raw}'`);
    return m[1] as string;
  }

  private expr(src: string, where: string): Expr {
    let e: Expr;
    try {
      e = parseExpression(src);
    } catch (err) {
      if (err instanceof ExpressionSyntaxError) this.fail(where, `bad expression '${src}': ${err.message}`);
      throw err;
    }
    for (const fn of calledFunctions(e)) {
      const problem = expressionFunctionProblem(fn);
      if (problem) this.fail(where, `in '${src}': ${problem}`);
    }
    return e;
  }

  template(raw: unknown, where: string): Template {
    if (typeof raw === 'string') {
      const m = /^\$\{([\s\S]*)\}$/.exec(raw);
      if (m) return { kind: 'expr', expr: this.expr(m[1] as string, where), source: raw };
      if (raw.includes('${'))
        this.fail(
          where,
          `'${raw}': Workflows has no string interpolation; write the whole value as \${"a" + b}`,
        );
      return { kind: 'const', value: raw };
    }
    if (Array.isArray(raw))
      return { kind: 'list', items: raw.map((x, i) => this.template(x, `${where}[${i}]`)) };
    if (isRaw(raw))
      return {
        kind: 'map',
        entries: Object.entries(raw).map(([k, v]): [string, Template] => {
          if (k.includes('${')) this.fail(where, `map key '${k}': expressions as keys are not supported`);
          return [k, this.template(v, `${where}.${k}`)];
        }),
      };
    if (raw === null || raw === undefined || typeof raw === 'number' || typeof raw === 'boolean')
      return { kind: 'const', value: fromJson(raw) };
    return this.fail(where, `unsupported value ${String(raw)}`);
  }

  private checkUniqueNames(sub: Subworkflow): void {
    const seen = new Set<string>();
    const visit = (steps: Step[]) => {
      for (const s of steps) {
        if (seen.has(s.name))
          this.fail(s.where, `duplicate step name '${s.name}' in subworkflow '${sub.name}'`);
        seen.add(s.name);
        if (s.kind === 'steps' || s.kind === 'for') visit(s.steps);
        if (s.kind === 'try') {
          if (!(s.body.length === 1 && s.body[0]?.name === 'try')) visit(s.body);
          if (s.except) visit(s.except.steps);
        }
      }
    };
    visit(sub.steps);
  }
}

/** Parses and validates a workflow definition; `file` only labels error messages. */
export function parseWorkflow(source: string, file = '<workflow>'): WorkflowProgram {
  const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0)
    throw new WorkflowSyntaxError(`${file}: invalid YAML: ${doc.errors[0]?.message}`);
  if (!isYamlMap(doc.contents) && doc.contents === null)
    throw new WorkflowSyntaxError(`${file}: empty definition`);
  return new Loader(file).load(doc.toJS());
}
