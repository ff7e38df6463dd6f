/** Evaluates parsed expressions against the variables of a running workflow, raising production's tagged errors. */
import type { BinaryOp, Expr } from './expression-parser.ts';
import { callFunction, type FnContext } from './stdlib.ts';
import { equal, isMap, tagged, typeName, type WfValue } from './values.ts';

/** Variable look-up: undefined when the variable does not exist. */
export type Lookup = (name: string) => WfValue | undefined;

function member(object: WfValue, key: WfValue): WfValue {
  if (isMap(object)) {
    if (typeof key !== 'string') throw tagged('TypeError', `map keys must be strings, got ${typeName(key)}`);
    if (!(key in object)) throw tagged('KeyError', `key not found: ${key}`);
    return object[key] as WfValue;
  }
  if (Array.isArray(object)) {
    if (typeof key !== 'number' || !Number.isInteger(key))
      throw tagged('TypeError', `list indices must be integers, got ${typeName(key)}`);
    if (key < 0 || key >= object.length) throw tagged('IndexError', `list index out of range: ${key}`);
    return object[key] as WfValue;
  }
  throw tagged('TypeError', `cannot index a value of type ${typeName(object)}`);
}

function numbers(op: string, a: WfValue, b: WfValue): [number, number] {
  if (typeof a !== 'number' || typeof b !== 'number')
    throw tagged('TypeError', `unsupported operand types for ${op}: ${typeName(a)} and ${typeName(b)}`);
  return [a, b];
}

function compare(op: string, a: WfValue, b: WfValue): boolean {
  const ok =
    (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!ok) throw tagged('TypeError', `cannot compare ${typeName(a)} and ${typeName(b)} with ${op}`);
  const x = a as number | string;
  const y = b as number | string;
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

function bool(op: string, v: WfValue): boolean {
  if (typeof v !== 'boolean') throw tagged('TypeError', `${op} needs booleans, got ${typeName(v)}`);
  return v;
}

function arithmetic(op: BinaryOp, a: WfValue, b: WfValue): WfValue {
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    const [x, y] = numbers(op, a, b);
    return x + y;
  }
  const [x, y] = numbers(op, a, b);
  if ((op === '/' || op === '//' || op === '%') && y === 0)
    throw tagged('ZeroDivisionError', 'division by zero');
  switch (op) {
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    case '//':
      return Math.floor(x / y);
    default:
      return x - y * Math.floor(x / y);
  }
}

function binary(op: BinaryOp, left: () => WfValue, right: () => WfValue): WfValue {
  // and/or short-circuit, as production does.
  if (op === 'and') return bool('and', left()) ? bool('and', right()) : false;
  if (op === 'or') return bool('or', left()) ? true : bool('or', right());
  const a = left();
  const b = right();
  switch (op) {
    case '==':
      return equal(a, b);
    case '!=':
      return !equal(a, b);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(op, a, b);
    case 'in':
      if (Array.isArray(b)) return b.some((x) => equal(x, a));
      if (isMap(b)) return typeof a === 'string' && a in b;
      throw tagged('TypeError', `'in' needs a list or a map on the right, got ${typeName(b)}`);
    default:
      return arithmetic(op, a, b);
  }
}

/** Evaluates an expression; unknown variables raise KeyError like production. */
export function evaluate(e: Expr, lookup: Lookup, ctx: FnContext): WfValue {
  const ev = (x: Expr) => evaluate(x, lookup, ctx);
  switch (e.kind) {
    case 'lit':
      return e.value;
    case 'var': {
      const v = lookup(e.name);
      if (v === undefined) throw tagged('KeyError', `undefined variable: ${e.name}`);
      return v;
    }
    case 'member':
      return member(ev(e.object), e.name);
    case 'index':
      return member(ev(e.object), ev(e.index));
    case 'call':
      return callFunction(e.fn, e.args.map(ev), ctx);
    case 'unary': {
      const v = ev(e.operand);
      if (e.op === 'not') return !bool('not', v);
      if (typeof v !== 'number') throw tagged('TypeError', `bad operand type for unary -: ${typeName(v)}`);
      return -v;
    }
    case 'binary':
      return binary(
        e.op,
        () => ev(e.left),
        () => ev(e.right),
      );
    case 'list':
      return e.items.map(ev);
    case 'map':
      return Object.fromEntries(
        e.entries.map(([k, v]) => {
          const key = ev(k);
          if (typeof key !== 'string')
            throw tagged('TypeError', `map keys must be strings, got ${typeName(key)}`);
          return [key, ev(v)];
        }),
      );
  }
}
