/** The standard-library functions usable inside `${…}` expressions (the non-blocking ones production offers). */
import { randomUUID } from 'node:crypto';
import { fromJson, isMap, tagged, toJson, typeName, type WfMap, type WfValue } from './values.ts';

/** What expression functions may read from the running execution. */
export interface FnContext {
  env: (name: string) => string | undefined;
  /** Seconds since the epoch, as production's `sys.now()` (a double). */
  now: () => number;
}

type Fn = (args: WfValue[], ctx: FnContext) => WfValue;
interface FnSpec {
  min: number;
  max: number;
  fn: Fn;
}

const str = (v: WfValue | undefined, fn: string, arg = 'argument'): string => {
  if (typeof v !== 'string') throw tagged('TypeError', `${fn}: ${arg} must be a string, got ${typeName(v)}`);
  return v;
};
const num = (v: WfValue | undefined, fn: string): number => {
  if (typeof v !== 'number') throw tagged('TypeError', `${fn}: expected a number, got ${typeName(v)}`);
  return v;
};
const int = (v: WfValue | undefined, fn: string): number => {
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw tagged('TypeError', `${fn}: expected an integer, got ${typeName(v)}`);
  return v;
};
const map = (v: WfValue | undefined, fn: string): WfMap => {
  if (!isMap(v)) throw tagged('TypeError', `${fn}: expected a map, got ${typeName(v)}`);
  return v;
};
const bytesOrString = (v: WfValue | undefined, fn: string): string => {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  return str(v, fn);
};

function toStringValue(v: WfValue | undefined): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw tagged('TypeError', `string: cannot convert ${typeName(v)} to string`);
}

function toInt(v: WfValue | undefined): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number.parseInt(v, 10);
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw tagged(
    typeof v === 'string' ? 'ValueError' : 'TypeError',
    `int: cannot convert ${JSON.stringify(v)} to integer`,
  );
}

function toDouble(v: WfValue | undefined): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw tagged(
    typeof v === 'string' ? 'ValueError' : 'TypeError',
    `double: cannot convert ${JSON.stringify(v)} to double`,
  );
}

function mapGet(m: WfValue | undefined, key: WfValue | undefined): WfValue {
  const path = Array.isArray(key) ? key : [key as WfValue];
  let cur: WfValue = m ?? null;
  for (const k of path) {
    if (cur === null) return null;
    const name = str(k, 'map.get', 'key');
    cur = map(cur, 'map.get')[name] ?? null;
  }
  return cur;
}

function regex(pattern: WfValue | undefined, fn: string): RegExp {
  try {
    return new RegExp(str(pattern, fn, 'regexp'), 'g');
  } catch {
    throw tagged('ValueError', `${fn}: invalid regular expression`);
  }
}

const jsonDecode = (v: WfValue | undefined): WfValue => {
  try {
    return fromJson(JSON.parse(bytesOrString(v, 'json.decode')));
  } catch (e) {
    if (e instanceof Error && e.name === 'SyntaxError')
      throw tagged('ValueError', `json.decode: ${e.message}`);
    throw e;
  }
};

const spec = (min: number, max: number, fn: Fn): FnSpec => ({ min, max, fn });

export const FUNCTIONS: Record<string, FnSpec> = {
  default: spec(2, 2, ([v, d]) => (v === null || v === undefined ? (d ?? null) : v)),
  len: spec(1, 1, ([v]) => {
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    if (v instanceof Uint8Array) return v.length;
    if (isMap(v)) return Object.keys(v).length;
    throw tagged('TypeError', `len: unsupported type ${typeName(v)}`);
  }),
  keys: spec(1, 1, ([v]) => Object.keys(map(v, 'keys'))),
  string: spec(1, 1, ([v]) => toStringValue(v)),
  int: spec(1, 1, ([v]) => toInt(v)),
  double: spec(1, 1, ([v]) => toDouble(v)),
  get_type: spec(1, 1, ([v]) => typeName(v)),
  'map.get': spec(2, 2, ([m, k]) => mapGet(m, k)),
  'map.merge': spec(2, 2, ([a, b]) => ({ ...map(a, 'map.merge'), ...map(b, 'map.merge') })),
  'map.delete': spec(2, 2, ([m, k]) => {
    const { [str(k, 'map.delete', 'key')]: _, ...rest } = map(m, 'map.delete');
    return rest;
  }),
  'list.concat': spec(2, 2, ([l, v]) => {
    if (!Array.isArray(l)) throw tagged('TypeError', `list.concat: expected a list, got ${typeName(l)}`);
    return [...l, v ?? null];
  }),
  'text.find_all': spec(2, 2, ([s, sub]) => {
    const source = str(s, 'text.find_all', 'source');
    const needle = str(sub, 'text.find_all', 'substr');
    const found: WfValue[] = [];
    if (needle === '') return found;
    for (let i = source.indexOf(needle); i >= 0; i = source.indexOf(needle, i + needle.length))
      found.push({ index: i, match: needle });
    return found;
  }),
  'text.find_all_regex': spec(2, 2, ([s, r]) =>
    [...str(s, 'text.find_all_regex').matchAll(regex(r, 'text.find_all_regex'))].map((m) => ({
      index: m.index ?? 0,
      match: m[0],
    })),
  ),
  'text.match_regex': spec(2, 2, ([s, r]) => regex(r, 'text.match_regex').test(str(s, 'text.match_regex'))),
  'text.replace_all': spec(3, 3, ([s, sub, rep]) =>
    str(s, 'text.replace_all')
      .split(str(sub, 'text.replace_all', 'substr'))
      .join(str(rep, 'text.replace_all', 'repl')),
  ),
  'text.replace_all_regex': spec(3, 3, ([s, r, rep]) =>
    str(s, 'text.replace_all_regex').replace(
      regex(r, 'text.replace_all_regex'),
      str(rep, 'text.replace_all_regex'),
    ),
  ),
  'text.split': spec(2, 2, ([s, sep]) => str(s, 'text.split').split(str(sep, 'text.split', 'separator'))),
  'text.substring': spec(3, 3, ([s, a, b]) => {
    const chars = [...str(s, 'text.substring')];
    const start = Math.max(0, int(a, 'text.substring'));
    const end = Math.min(chars.length, int(b, 'text.substring'));
    return start >= end ? '' : chars.slice(start, end).join('');
  }),
  'text.to_lower': spec(1, 1, ([s]) => str(s, 'text.to_lower').toLowerCase()),
  'text.to_upper': spec(1, 1, ([s]) => str(s, 'text.to_upper').toUpperCase()),
  'text.decode': spec(1, 2, ([b]) => {
    if (!(b instanceof Uint8Array))
      throw tagged('TypeError', `text.decode: expected bytes, got ${typeName(b)}`);
    return Buffer.from(b).toString('utf8');
  }),
  'text.encode': spec(1, 2, ([s]) => new Uint8Array(Buffer.from(str(s, 'text.encode'), 'utf8'))),
  'json.decode': spec(1, 1, ([v]) => jsonDecode(v)),
  'json.encode': spec(1, 3, ([v]) => new Uint8Array(Buffer.from(JSON.stringify(toJson(v ?? null)), 'utf8'))),
  'json.encode_to_string': spec(1, 3, ([v]) => JSON.stringify(toJson(v ?? null))),
  'base64.encode': spec(1, 2, ([b]) => {
    if (!(b instanceof Uint8Array))
      throw tagged('TypeError', `base64.encode: expected bytes, got ${typeName(b)}`);
    return Buffer.from(b).toString('base64');
  }),
  'base64.decode': spec(1, 2, ([s]) => {
    const text = str(s, 'base64.decode');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s/g, '')))
      throw tagged('ValueError', 'base64.decode: not valid base64');
    return new Uint8Array(Buffer.from(text, 'base64'));
  }),
  'math.abs': spec(1, 1, ([x]) => Math.abs(num(x, 'math.abs'))),
  'math.floor': spec(1, 1, ([x]) => Math.floor(num(x, 'math.floor'))),
  'math.max': spec(2, 2, ([a, b]) => Math.max(num(a, 'math.max'), num(b, 'math.max'))),
  'math.min': spec(2, 2, ([a, b]) => Math.min(num(a, 'math.min'), num(b, 'math.min'))),
  'sys.now': spec(0, 0, (_, ctx) => ctx.now()),
  'sys.get_env': spec(1, 2, ([name, d], ctx) => {
    const value = ctx.env(str(name, 'sys.get_env', 'name'));
    if (value !== undefined) return value;
    return d === undefined ? null : str(d, 'sys.get_env', 'default');
  }),
  'time.format': spec(1, 2, ([s]) => new Date(num(s, 'time.format') * 1000).toISOString()),
  'uuid.generate': spec(0, 0, () => randomUUID()),
};

/** Blocking calls: valid only in a `call:` step, never inside an expression (as in production). */
export const CALL_ONLY = new Set([
  'http.get',
  'http.post',
  'http.put',
  'http.patch',
  'http.delete',
  'http.request',
  'sys.log',
  'sys.sleep',
]);

/** Why `name` cannot be called in an expression, or undefined when it can. */
export function expressionFunctionProblem(name: string): string | undefined {
  if (FUNCTIONS[name]) return undefined;
  if (CALL_ONLY.has(name))
    return `${name} is a blocking call: use it in a 'call:' step, not inside an expression`;
  return `unsupported function '${name}' (the stand-in supports: ${Object.keys(FUNCTIONS).join(', ')})`;
}

/** Calls a library function after checking its arity. */
export function callFunction(name: string, args: WfValue[], ctx: FnContext): WfValue {
  const f = FUNCTIONS[name];
  if (!f) throw tagged('SystemError', expressionFunctionProblem(name) ?? name);
  if (args.length < f.min || args.length > f.max)
    throw tagged(
      'TypeError',
      `${name}: expected ${f.min === f.max ? f.min : `${f.min}-${f.max}`} arguments, got ${args.length}`,
    );
  return f.fn(args, ctx);
}
