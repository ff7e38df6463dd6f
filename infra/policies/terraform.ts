/**
 * Reads Terraform offline: parses `.tf` text with @cdktf/hcl2json and expands `for_each` over the generated
 * deploy view, so policies can reason about resource instances without a provider or a plan.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';

// biome-ignore lint/suspicious/noExplicitAny: hcl2json yields untyped JSON; policies narrow what they read.
export type Block = Record<string, any>;

export interface TfResource {
  type: string;
  name: string;
  file: string;
  body: Block;
}

export interface Terraform {
  resources: TfResource[];
  /** Locals, as hcl2json gives them (literal values, or `${...}` strings for expressions). */
  locals: Block;
}

/** The `.tf` files of a folder, by file name. */
export function readTerraformFiles(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.tf'))
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
}

/** Variable values from a `.tfvars` file. */
export const parseTfvars = async (file: string, text: string): Promise<Block> =>
  (await parse(file, text)) as Block;

// Parsing is the slow part (a Go/WASM round trip); policies never mutate what it returns, so it is cached.
const cache = new Map<string, Promise<Block>>();
const parsed = (file: string, text: string): Promise<Block> => {
  const key = `${file}\0${text}`;
  let json = cache.get(key);
  if (!json) {
    json = parse(file, text) as Promise<Block>;
    cache.set(key, json);
  }
  return json;
};

/** Parses files (name → text) into resources and locals; a syntax error throws, naming the file. */
export async function parseTerraform(files: Record<string, string>): Promise<Terraform> {
  const resources: TfResource[] = [];
  const locals: Block = {};
  for (const [file, text] of Object.entries(files)) {
    const json = await parsed(file, text);
    for (const block of json.locals ?? []) Object.assign(locals, block);
    for (const [type, byName] of Object.entries<Block>(json.resource ?? {}))
      for (const [name, bodies] of Object.entries<Block[]>(byName))
        for (const body of bodies) resources.push({ type, name, file, body });
  }
  return { resources, locals };
}

/** One instance of a resource: its `each.key`/`each.value` (undefined without for_each). */
export interface Instance extends TfResource {
  key: string | undefined;
  value: unknown;
}

const EXPR = /^\$\{(.*)\}$/s;
const path = (root: unknown, steps: string[]) =>
  steps.reduce<unknown>((at, step) => (at as Record<string, unknown> | undefined)?.[step], root);

/** The deploy view is `local.m` (infra/locals.tf: `jsondecode(file(".../generated/manifest.json"))`). */
export interface Scope {
  view: Record<string, unknown>;
  locals: Block;
  /** Variable values (an environment's .tfvars). */
  vars?: Block;
  each?: { key: string | undefined; value: unknown };
}

/**
 * Evaluates the `for_each`/reference forms our Terraform uses: `local.m.<path>`, another local holding a literal
 * map, `each.value.<path>`, `each.key`, `toset([...literal strings])`. Anything else is undefined: policies
 * report it as unresolvable rather than guessing.
 */
export function evaluate(expression: unknown, scope: Scope): unknown {
  if (typeof expression !== 'string') return expression;
  const m = EXPR.exec(expression.trim());
  if (!m) return expression;
  const body = (m[1] as string).trim();
  const toset = /^toset\((.*)\)$/s.exec(body);
  if (toset) {
    const inner = (toset[1] as string).trim();
    if (inner.startsWith('[')) return [...inner.matchAll(/"([^"]*)"/g)].map((x) => x[1]);
    return evaluate(`\${${inner}}`, scope);
  }
  const steps = body.split('.');
  if (steps[0] === 'local' && steps[1] === 'm') return path(scope.view, steps.slice(2));
  if (steps[0] === 'var') return path(scope.vars, steps.slice(1));
  if (steps[0] === 'local' && steps.every((s) => /^[A-Za-z0-9_-]+$/.test(s))) {
    const literal = scope.locals[steps[1] as string];
    return typeof literal === 'string' ? undefined : path(literal, steps.slice(2));
  }
  if (steps[0] === 'each' && steps[1] === 'key') return scope.each?.key;
  if (steps[0] === 'each' && steps[1] === 'value') return path(scope.each?.value, steps.slice(2));
  return undefined;
}

/** The keys and values a `for_each` value iterates over (a map/object, or a set/list of strings). */
export function iterate(collection: unknown): [string, unknown][] | undefined {
  if (Array.isArray(collection)) return collection.map((v, i) => [typeof v === 'string' ? v : String(i), v]);
  if (collection && typeof collection === 'object') return Object.entries(collection);
  return undefined;
}

export class Unresolvable extends Error {}

/** Every instance of every resource; a `for_each` we cannot resolve throws, naming the resource. */
export function instances(tf: Terraform, view: Record<string, unknown>, vars: Block = {}): Instance[] {
  return tf.resources.flatMap((r): Instance[] => {
    if (r.body.for_each === undefined) return [{ ...r, key: undefined, value: undefined }];
    const items = iterate(evaluate(r.body.for_each, { view, locals: tf.locals, vars }));
    if (!items) throw new Unresolvable(`${r.type}.${r.name}: cannot resolve for_each ${r.body.for_each}`);
    return items.map(([key, value]) => ({ ...r, key, value }));
  });
}

/** Instances of a `dynamic "<block>"` inside a resource instance (its `for_each` evaluated in that instance). */
export function dynamicBlocks(inst: Instance, block: string, view: Record<string, unknown>): unknown[] {
  const dyn = (inst.body.dynamic?.[block] ?? []) as Block[];
  return dyn.flatMap((d) => {
    const items = iterate(
      evaluate(d.for_each, { view, locals: {}, each: { key: inst.key, value: inst.value } }),
    );
    if (!items) throw new Unresolvable(`${inst.type}.${inst.name}: cannot resolve dynamic "${block}"`);
    return items.map(([, v]) => v);
  });
}

/** `${...}` interpolations inside a string, with `each.*` and `path.module` substituted for one instance. */
export function interpolate(text: string, inst: Pick<Instance, 'key' | 'value'>, modulePath: string): string {
  return text.replace(/\$\{([^${}]*)\}/g, (whole, expr: string) => {
    if (expr === 'path.module') return modulePath;
    const v = evaluate(`\${${expr}}`, { view: {}, locals: {}, each: { key: inst.key, value: inst.value } });
    return typeof v === 'string' ? v : whole;
  });
}

/** Which instance key of `<type>.<name>[...]` a string references, resolved in the instance's scope. */
export function referencedKey(
  text: unknown,
  type: string,
  inst: Pick<Instance, 'key' | 'value'>,
): string | undefined {
  if (typeof text !== 'string') return undefined;
  const m = new RegExp(`${type}\\.[A-Za-z0-9_]+\\[([^\\]]+)\\]`).exec(text);
  if (!m) return undefined;
  const v = evaluate(`\${${m[1]}}`, { view: {}, locals: {}, each: { key: inst.key, value: inst.value } });
  return typeof v === 'string' ? v : undefined;
}
