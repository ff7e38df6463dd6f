/** Compares two JSON Schemas of one published message version and lists the changes that break it. */
import type { JsonSchema } from './json-schema.ts';

export type BreakingKind =
  | 'removed-field'
  | 'type-changed'
  | 'became-required'
  | 'new-required-field'
  | 'enum-value-removed';

export interface BreakingChange {
  kind: BreakingKind;
  /** Dotted path from the root: `city`, `items[].code`. */
  path: string;
  detail: string;
}

/** The JSON types a node admits; `integer` is a kind of `number`; no `type` admits anything. */
function types(node: JsonSchema): Set<string> | undefined {
  if (Array.isArray(node.anyOf)) {
    const all = (node.anyOf as JsonSchema[]).map(types);
    return all.some((t) => t === undefined) ? undefined : new Set(all.flatMap((t) => [...(t ?? [])]));
  }
  if (node.type === undefined) return undefined;
  return new Set(Array.isArray(node.type) ? (node.type as string[]) : [node.type as string]);
}

const admits = (next: Set<string> | undefined, type: string) =>
  next === undefined || next.has(type) || (type === 'integer' && next.has('number'));

const show = (t: Set<string> | undefined) => (t ? [...t].sort().join('|') : 'any');
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Branch of an `anyOf` that is not `null` (how zod writes `.nullable()`), or the node itself. */
function nonNull(node: JsonSchema): JsonSchema {
  if (!Array.isArray(node.anyOf)) return node;
  const rest = (node.anyOf as JsonSchema[]).filter((b) => b.type !== 'null');
  return rest.length === 1 ? (rest[0] as JsonSchema) : node;
}

function enumValues(node: JsonSchema): unknown[] | undefined {
  if (Array.isArray(node.enum)) return node.enum;
  return 'const' in node ? [node.const] : undefined;
}

function compare(old: JsonSchema, next: JsonSchema, path: string, out: BreakingChange[]): void {
  const at = path || '(root)';
  const [oldTypes, nextTypes] = [types(old), types(next)];
  const lost =
    oldTypes === undefined ? nextTypes !== undefined : [...oldTypes].some((t) => !admits(nextTypes, t));
  if (lost) {
    out.push({ kind: 'type-changed', path: at, detail: `${show(oldTypes)} → ${show(nextTypes)}` });
    return;
  }
  const [oldEnum, nextEnum] = [enumValues(old), enumValues(next)];
  if (nextEnum) {
    const removed = (oldEnum ?? []).filter((v) => !nextEnum.some((n) => n === v));
    if (!oldEnum) out.push({ kind: 'type-changed', path: at, detail: 'free value → enum' });
    else if (removed.length > 0)
      out.push({ kind: 'enum-value-removed', path: at, detail: `removed ${JSON.stringify(removed)}` });
  }
  const [o, n] = [nonNull(old), nonNull(next)];
  if (o.items && n.items) compare(o.items as JsonSchema, n.items as JsonSchema, `${path}[]`, out);
  if (o.properties || n.properties) compareObjects(o, n, path, out);
}

function compareObjects(old: JsonSchema, next: JsonSchema, path: string, out: BreakingChange[]): void {
  const oldProps = (old.properties ?? {}) as Record<string, JsonSchema>;
  const nextProps = (next.properties ?? {}) as Record<string, JsonSchema>;
  const oldRequired = new Set((old.required ?? []) as string[]);
  const nextRequired = new Set((next.required ?? []) as string[]);
  for (const [key, node] of Object.entries(oldProps)) {
    const field = join(path, key);
    const now = nextProps[key];
    if (!now) {
      out.push({ kind: 'removed-field', path: field, detail: 'the field no longer exists' });
      continue;
    }
    if (!oldRequired.has(key) && nextRequired.has(key))
      out.push({ kind: 'became-required', path: field, detail: 'optional → required' });
    compare(node, now, field, out);
  }
  for (const key of Object.keys(nextProps)) {
    if (!(key in oldProps) && nextRequired.has(key))
      out.push({ kind: 'new-required-field', path: join(path, key), detail: 'older messages lack it' });
  }
}

/** Every breaking change from `old` to `next`; empty when `next` still reads everything `old` described. */
export function compatibility(old: JsonSchema, next: JsonSchema): BreakingChange[] {
  const out: BreakingChange[] = [];
  compare(old, next, '', out);
  return out;
}
