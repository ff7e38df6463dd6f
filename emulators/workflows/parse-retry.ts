/** `try` step retry policies: the built-in policies and predicates, custom maps and backoff settings. */
import { IDENT, isRaw, type ParseContext } from './parse-context.ts';
import { referenceName } from './parse-templates.ts';
import type { Predicate, RetryPolicy } from './program.types.ts';

const BUILTIN_PREDICATES = [
  'http.default_retry_predicate',
  'http.default_retry_predicate_non_idempotent',
  'retry.always',
  'retry.never',
] as const;

/** Default backoff of the `http.default_retry*` policies (retry.default_backoff in production). */
const DEFAULT_BACKOFF = { initialDelay: 1, maxDelay: 60, multiplier: 1.25 };

/** A `retry` value: `${http.default_retry…}` or a map with predicate, max_retries and backoff. */
export function parseRetry(ctx: ParseContext, raw: unknown, where: string): RetryPolicy {
  if (typeof raw === 'string') {
    const name = referenceName(ctx, raw, where);
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
    return ctx.fail(
      where,
      `unsupported retry policy '${raw}' (use \${http.default_retry}, \${http.default_retry_non_idempotent} or a map)`,
    );
  }
  if (!isRaw(raw)) ctx.fail(where, "'retry' must be a policy expression or a map");
  ctx.onlyKeys(raw, ['predicate', 'max_retries', 'backoff'], where);
  if (typeof raw.predicate !== 'string')
    ctx.fail(where, "'predicate' is required (a built-in predicate or a subworkflow name)");
  const predicate = parsePredicate(ctx, raw.predicate, where);
  const maxRetries = raw.max_retries;
  if (typeof maxRetries !== 'number' || !Number.isInteger(maxRetries) || maxRetries < 0)
    ctx.fail(where, "'max_retries' must be a non-negative integer");
  let backoff = DEFAULT_BACKOFF;
  if (raw.backoff !== undefined) {
    const b = raw.backoff;
    if (typeof b === 'string' && referenceName(ctx, b, where) === 'retry.default_backoff')
      backoff = DEFAULT_BACKOFF;
    else {
      if (!isRaw(b)) ctx.fail(where, "'backoff' must be a map");
      ctx.onlyKeys(b, ['initial_delay', 'max_delay', 'multiplier'], `${where} backoff`);
      const n = (k: string, d: number) => {
        const v = b[k] ?? d;
        if (typeof v !== 'number' || v < 0)
          ctx.fail(`${where} backoff`, `'${k}' must be a non-negative number`);
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

function parsePredicate(ctx: ParseContext, raw: string, where: string): Predicate {
  const name = referenceName(ctx, raw, where);
  const builtin = BUILTIN_PREDICATES.find((p) => p === name);
  if (builtin) return { kind: 'builtin', name: builtin };
  if (!IDENT.test(name)) ctx.fail(where, `unsupported predicate '${raw}'`);
  ctx.pending.push(() => {
    const sub = ctx.subworkflows[name];
    if (!sub) ctx.fail(where, `predicate '${name}' is not a subworkflow of this file`);
    if (sub.params.length !== 1)
      ctx.fail(where, `predicate subworkflow '${name}' must take exactly one parameter`);
  });
  return { kind: 'subworkflow', name };
}
