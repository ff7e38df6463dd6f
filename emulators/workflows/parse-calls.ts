/** `call` steps: the supported call targets and validation of their arguments (checked once all subworkflows load). */
import { IDENT, isRaw, type ParseContext, type Raw } from './parse-context.ts';
import { parseTemplate } from './parse-templates.ts';
import type { StepBody, Template } from './program.types.ts';
import { expressionFunctionProblem } from './stdlib.ts';

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

/** A `call` step body; the target and argument names are checked after every subworkflow is loaded. */
export function parseCall(ctx: ParseContext, raw: Raw, where: string): StepBody {
  const fn = raw.call;
  if (typeof fn !== 'string') ctx.fail(where, "'call' must name a function or subworkflow");
  if (raw.args !== undefined && !isRaw(raw.args)) ctx.fail(where, "'args' must be a map");
  const args = Object.entries((raw.args as Raw | undefined) ?? {}).map(([k, v]): [string, Template] => [
    k,
    parseTemplate(ctx, v, `${where} args.${k}`),
  ]);
  const result = raw.result;
  if (result !== undefined && (typeof result !== 'string' || !IDENT.test(result)))
    ctx.fail(where, "'result' must be a variable name");
  const names = args.map(([k]) => k);
  ctx.pending.push(() => {
    const builtin = CALLS[fn];
    const sub = ctx.subworkflows[fn];
    const allowed = builtin?.args ?? sub?.params.map((p) => p.name);
    const required = builtin?.required ?? sub?.params.filter((p) => !p.default).map((p) => p.name);
    if (!allowed || !required) {
      const problem = expressionFunctionProblem(fn);
      return ctx.fail(
        where,
        problem
          ? `unknown call target '${fn}': not a subworkflow of this file nor a supported call (${Object.keys(CALLS).join(', ')})`
          : `'call: ${fn}' is not supported by the stand-in; use it in an expression instead`,
      );
    }
    for (const n of names)
      if (!allowed.includes(n))
        ctx.fail(where, `'${fn}' takes no argument '${n}' (it takes: ${allowed.join(', ') || 'none'})`);
    for (const r of required) if (!names.includes(r)) ctx.fail(where, `'${fn}' needs the argument '${r}'`);
    if (fn === 'sys.log' && !names.some((n) => ['text', 'json', 'data'].includes(n)))
      ctx.fail(where, "'sys.log' needs 'text', 'json' or 'data'");
    if (builtin) checkAuth(ctx, args, where);
  });
  return { kind: 'call', fn, args, ...(result === undefined ? {} : { result: result as string }) };
}

function checkAuth(ctx: ParseContext, args: [string, Template][], where: string): void {
  const auth = args.find(([k]) => k === 'auth')?.[1];
  if (auth?.kind !== 'map') return;
  const keys = auth.entries.map(([k]) => k);
  for (const k of keys)
    if (!['type', 'audience', 'scopes', 'scope'].includes(k)) ctx.fail(where, `unsupported auth key '${k}'`);
  const type = auth.entries.find(([k]) => k === 'type')?.[1];
  if (type?.kind === 'const' && type.value !== 'OIDC' && type.value !== 'OAuth2')
    ctx.fail(where, `auth type must be OIDC or OAuth2, got ${JSON.stringify(type.value)}`);
}
