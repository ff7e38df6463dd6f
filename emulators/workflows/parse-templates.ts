/** Value templates and the static checks on the `${…}` expressions inside them (syntax, known functions). */
import { ExpressionSyntaxError } from './expression-lexer.ts';
import { calledFunctions, type Expr, parseExpression } from './expression-parser.ts';
import { isRaw, type ParseContext } from './parse-context.ts';
import type { AssignTarget, Template } from './program.types.ts';
import { expressionFunctionProblem } from './stdlib.ts';
import { fromJson } from './values.ts';

/** Parses an expression and rejects calls to functions the stand-in does not implement. */
export function parseCheckedExpr(ctx: ParseContext, src: string, where: string): Expr {
  let e: Expr;
  try {
    e = parseExpression(src);
  } catch (err) {
    if (err instanceof ExpressionSyntaxError) ctx.fail(where, `bad expression '${src}': ${err.message}`);
    throw err;
  }
  for (const fn of calledFunctions(e)) {
    const problem = expressionFunctionProblem(fn);
    if (problem) ctx.fail(where, `in '${src}': ${problem}`);
  }
  return e;
}

/** A YAML value as a template: constants, lists and maps of templates, or a whole-string `${…}` expression. */
export function parseTemplate(ctx: ParseContext, raw: unknown, where: string): Template {
  if (typeof raw === 'string') {
    const m = /^\$\{([\s\S]*)\}$/.exec(raw);
    if (m) return { kind: 'expr', expr: parseCheckedExpr(ctx, m[1] as string, where), source: raw };
    if (raw.includes('${'))
      ctx.fail(
        where,
        `'${raw}': Workflows has no string interpolation; write the whole value as \${"a" + b}`,
      );
    return { kind: 'const', value: raw };
  }
  if (Array.isArray(raw))
    return { kind: 'list', items: raw.map((x, i) => parseTemplate(ctx, x, `${where}[${i}]`)) };
  if (isRaw(raw))
    return {
      kind: 'map',
      entries: Object.entries(raw).map(([k, v]): [string, Template] => {
        if (k.includes('${')) ctx.fail(where, `map key '${k}': expressions as keys are not supported`);
        return [k, parseTemplate(ctx, v, `${where}.${k}`)];
      }),
    };
  if (raw === null || raw === undefined || typeof raw === 'number' || typeof raw === 'boolean')
    return { kind: 'const', value: fromJson(raw) };
  return ctx.fail(where, `unsupported value ${String(raw)}`);
}

/** The left-hand side of an assignment: a variable followed by keys and indexes. */
export function parseAssignTarget(ctx: ParseContext, lhs: string, where: string): AssignTarget {
  const e = parseCheckedExpr(ctx, lhs, where);
  const path: AssignTarget['path'] = [];
  let cur: Expr = e;
  while (cur.kind === 'member' || cur.kind === 'index') {
    path.unshift(
      cur.kind === 'member' ? { kind: 'key', name: cur.name } : { kind: 'index', expr: cur.index },
    );
    cur = cur.object;
  }
  if (cur.kind !== 'var') ctx.fail(where, `cannot assign to '${lhs}'`);
  return { variable: cur.name, path };
}

/** The dotted name inside `${name}` (retry policies and predicates are references, not values). */
export function referenceName(ctx: ParseContext, raw: string, where: string): string {
  const m = /^\$\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}$/.exec(raw);
  if (!m) return ctx.fail(where, `expected \${name}, got '${raw}'`);
  return m[1] as string;
}
