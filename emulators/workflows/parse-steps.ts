/** Step lists and step bodies (assign, switch, for, try, raise, return, nested steps, jumps) with `next` checks. */
import { parseCall } from './parse-calls.ts';
import { IDENT, isRaw, type ParseContext, type Raw } from './parse-context.ts';
import { parseRetry } from './parse-retry.ts';
import { parseAssignTarget, parseTemplate } from './parse-templates.ts';
import type { Step, StepBody } from './program.types.ts';

const RESERVED_NEXT = new Set(['end', 'break', 'continue']);

/**
 * A list of steps. `visible` holds the step names a `next` may jump to from an enclosing list; `inLoop`
 * allows `break`/`continue`.
 */
export function parseSteps(
  ctx: ParseContext,
  raw: unknown[],
  where: string,
  visible: Set<string>,
  inLoop: boolean,
): Step[] {
  const entries = raw.map((item, i) => {
    if (!isRaw(item) || Object.keys(item).length !== 1)
      ctx.fail(`${where}[${i}]`, 'each step is a map with exactly one key: its name');
    const [name, body] = Object.entries(item)[0] as [string, unknown];
    return { name, body };
  });
  const here = new Set([...visible, ...entries.map((e) => e.name)]);
  return entries.map(({ name, body }) => {
    if (!IDENT.test(name)) ctx.fail(`${where} > ${name}`, 'invalid step name');
    if (!isRaw(body)) ctx.fail(`${where} > ${name}`, 'a step body must be a map');
    return parseStep(ctx, name, body, `${where} > ${name}`, here, inLoop);
  });
}

function parseStep(
  ctx: ParseContext,
  name: string,
  raw: Raw,
  where: string,
  visible: Set<string>,
  inLoop: boolean,
): Step {
  const next = raw.next;
  if (next !== undefined) {
    if (typeof next !== 'string') ctx.fail(where, "'next' must be a step name");
    if (next === 'break' || next === 'continue') {
      if (!inLoop) ctx.fail(where, `'next: ${next}' is only valid inside a for loop`);
    } else if (!RESERVED_NEXT.has(next) && !visible.has(next))
      ctx.fail(where, `'next: ${next}' names no step reachable from here`);
  }
  const body = parseBody(ctx, raw, where, visible, inLoop);
  return { name, where, ...(next === undefined ? {} : { next: next as string }), ...body } as Step;
}

function parseBody(
  ctx: ParseContext,
  raw: Raw,
  where: string,
  visible: Set<string>,
  inLoop: boolean,
): StepBody {
  const has = (k: string) => k in raw;
  if (has('parallel')) ctx.fail(where, 'parallel steps are not supported by the stand-in');
  if (has('assign')) {
    ctx.onlyKeys(raw, ['assign', 'next'], where);
    return parseAssign(ctx, raw.assign, where);
  }
  if (has('call')) {
    ctx.onlyKeys(raw, ['call', 'args', 'result', 'next'], where);
    return parseCall(ctx, raw, where);
  }
  if (has('switch')) {
    ctx.onlyKeys(raw, ['switch', 'next'], where);
    if (!Array.isArray(raw.switch) || raw.switch.length === 0)
      ctx.fail(where, "'switch' must be a non-empty list");
    return {
      kind: 'switch',
      conditions: raw.switch.map((c, i) => {
        const w = `${where} switch[${i}]`;
        if (!isRaw(c) || !('condition' in c)) ctx.fail(w, "each switch entry needs a 'condition'");
        const { condition, ...rest } = c;
        if (Object.keys(rest).length === 0)
          ctx.fail(w, 'a condition needs next, steps, assign, call, return or raise');
        const body = parseStep(ctx, `switch[${i}]`, rest, w, visible, inLoop);
        return { condition: parseTemplate(ctx, condition, `${w} condition`), body };
      }),
    };
  }
  if (has('for')) {
    ctx.onlyKeys(raw, ['for', 'next'], where);
    return parseFor(ctx, raw.for, where);
  }
  if (has('try')) {
    ctx.onlyKeys(raw, ['try', 'retry', 'except', 'next'], where);
    return parseTry(ctx, raw, where, visible, inLoop);
  }
  if (has('raise')) {
    ctx.onlyKeys(raw, ['raise'], where);
    return { kind: 'raise', value: parseTemplate(ctx, raw.raise, `${where} raise`) };
  }
  if (has('return')) {
    ctx.onlyKeys(raw, ['return'], where);
    return { kind: 'return', value: parseTemplate(ctx, raw.return, `${where} return`) };
  }
  if (has('steps')) {
    ctx.onlyKeys(raw, ['steps', 'next'], where);
    if (!Array.isArray(raw.steps)) ctx.fail(where, "'steps' must be a list");
    return { kind: 'steps', steps: parseSteps(ctx, raw.steps, where, visible, inLoop) };
  }
  if (has('next')) {
    ctx.onlyKeys(raw, ['next'], where);
    return { kind: 'jump' };
  }
  const keys = Object.keys(raw).join(', ') || '(none)';
  return ctx.fail(
    where,
    `unsupported step (keys: ${keys}); supported: assign, call, switch, for, try, raise, return, steps, next`,
  );
}

function parseAssign(ctx: ParseContext, raw: unknown, where: string): StepBody {
  if (!Array.isArray(raw) || raw.length === 0) ctx.fail(where, "'assign' must be a non-empty list");
  return {
    kind: 'assign',
    assignments: raw.map((a, i) => {
      if (!isRaw(a) || Object.keys(a).length !== 1)
        ctx.fail(`${where} assign[${i}]`, 'each assignment is a one-key map');
      const [lhs, value] = Object.entries(a)[0] as [string, unknown];
      return {
        target: parseAssignTarget(ctx, lhs, `${where} assign[${i}]`),
        value: parseTemplate(ctx, value, `${where} ${lhs}`),
      };
    }),
  };
}

function parseFor(ctx: ParseContext, raw: unknown, where: string): StepBody {
  if (!isRaw(raw)) ctx.fail(where, "'for' must be a map");
  ctx.onlyKeys(raw, ['value', 'index', 'in', 'range', 'steps'], where);
  const { value, index } = raw;
  if (typeof value !== 'string' || !IDENT.test(value))
    ctx.fail(where, "'for' needs 'value': a variable name");
  if (index !== undefined && (typeof index !== 'string' || !IDENT.test(index)))
    ctx.fail(where, "'index' must be a variable name");
  if ('in' in raw === 'range' in raw) ctx.fail(where, "'for' needs exactly one of 'in' or 'range'");
  if (!Array.isArray(raw.steps)) ctx.fail(where, "'for' needs 'steps'");
  let source: Extract<StepBody, { kind: 'for' }>['source'];
  if ('in' in raw) source = { kind: 'in', list: parseTemplate(ctx, raw.in, `${where} in`) };
  else {
    if (index !== undefined) ctx.fail(where, "'index' cannot be used with 'range'");
    const r = raw.range;
    const bounds = typeof r === 'string' ? undefined : r;
    if (!Array.isArray(bounds) || bounds.length !== 2) ctx.fail(where, "'range' must be a list [start, end]");
    source = {
      kind: 'range',
      from: parseTemplate(ctx, bounds[0], `${where} range[0]`),
      to: parseTemplate(ctx, bounds[1], `${where} range[1]`),
    };
  }
  return {
    kind: 'for',
    value,
    ...(index === undefined ? {} : { index: index as string }),
    source,
    // A loop body may not jump out of the loop, only break/continue (production rule).
    steps: parseSteps(ctx, raw.steps, `${where} for`, new Set(), true),
  };
}

function parseTry(
  ctx: ParseContext,
  raw: Raw,
  where: string,
  visible: Set<string>,
  inLoop: boolean,
): StepBody {
  const t = raw.try;
  if (!isRaw(t)) ctx.fail(where, "'try' must be a map ('steps' or a single step body)");
  const body =
    Object.keys(t).length === 1 && Array.isArray(t.steps)
      ? parseSteps(ctx, t.steps, `${where} try`, visible, inLoop)
      : [parseStep(ctx, 'try', t, `${where} try`, visible, inLoop)];
  const out: Extract<StepBody, { kind: 'try' }> = { kind: 'try', body };
  if (raw.retry !== undefined) out.retry = parseRetry(ctx, raw.retry, `${where} retry`);
  if (raw.except !== undefined) {
    const e = raw.except;
    if (!isRaw(e) || !Array.isArray(e.steps)) ctx.fail(`${where} except`, "'except' needs 'steps'");
    ctx.onlyKeys(e, ['as', 'steps'], `${where} except`);
    if (e.as !== undefined && (typeof e.as !== 'string' || !IDENT.test(e.as)))
      ctx.fail(`${where} except`, "'as' must be a variable name");
    out.except = {
      ...(e.as === undefined ? {} : { as: e.as as string }),
      steps: parseSteps(ctx, e.steps, `${where} except`, visible, inLoop),
    };
  }
  if (!out.retry && !out.except) ctx.fail(where, "'try' needs 'retry' and/or 'except'");
  return out;
}
