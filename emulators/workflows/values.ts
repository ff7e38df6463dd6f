/** Workflows runtime values and the tagged error maps production raises (`{message, tags}`), shared by every part. */

/** A Workflows value: null, bool, number (int or double), string, bytes, list or map. */
export type WfValue = null | boolean | number | string | Uint8Array | WfValue[] | WfMap;
export interface WfMap {
  [key: string]: WfValue;
}

/** Something the workflow raised: a string or a map (tagged errors are maps with `tags`). */
export class WorkflowRaise extends Error {
  constructor(readonly value: WfValue) {
    super(typeof value === 'string' ? value : describeRaised(value));
  }
}

function describeRaised(value: WfValue): string {
  if (isMap(value) && typeof value.message === 'string') return value.message;
  return JSON.stringify(toJson(value));
}

/** Error tags production uses for runtime failures of the language itself and of HTTP calls. */
export type ErrorTag =
  | 'KeyError'
  | 'TypeError'
  | 'IndexError'
  | 'ValueError'
  | 'ZeroDivisionError'
  | 'HttpError'
  | 'ConnectionError'
  | 'ConnectionFailedError'
  | 'TimeoutError'
  | 'RecursionError'
  | 'SystemError';

/** A production-shaped tagged error (`{message, tags, ...extra}`), ready to throw. */
export function tagged(tags: ErrorTag | ErrorTag[], message: string, extra: WfMap = {}): WorkflowRaise {
  return new WorkflowRaise({ ...extra, message, tags: Array.isArray(tags) ? tags : [tags] });
}

export const isMap = (v: WfValue | undefined): v is WfMap =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

/** The production type name (`get_type`): used in TypeError messages too. */
export function typeName(v: WfValue | undefined): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'double';
  if (typeof v === 'string') return 'string';
  if (v instanceof Uint8Array) return 'bytes';
  return Array.isArray(v) ? 'list' : 'map';
}

/** JSON-compatible copy (bytes cannot be JSON-encoded, as in production). */
export function toJson(v: WfValue): unknown {
  if (v instanceof Uint8Array) throw tagged('TypeError', 'bytes cannot be JSON-encoded; use base64.encode');
  if (Array.isArray(v)) return v.map(toJson);
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

/** A Workflows value from parsed JSON/YAML data (numbers, strings, lists, maps pass through). */
export function fromJson(v: unknown): WfValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(fromJson);
  if (typeof v === 'object')
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromJson(x)]));
  throw tagged('TypeError', `unsupported value of type ${typeof v}`);
}

/** Deep equality as `==` sees it. */
export function equal(a: WfValue, b: WfValue): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array)
    return a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => equal(x, b[i] as WfValue));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length &&
      ka.every((k) => k in b && equal(a[k] as WfValue, b[k] as WfValue))
    );
  }
  return false;
}
