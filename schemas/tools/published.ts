/** Published snapshots: the JSON Schema of each message version when it was published, never overwritten. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MessageDef } from '../message.ts';
import { json } from './artifacts.ts';
import { compatibility } from './compatibility.ts';
import { type JsonSchema, messageJsonSchema } from './json-schema.ts';

/** Type → JSON Schema, for the versions in `dir`. */
export function readSnapshots(dir: string): Map<string, JsonSchema> {
  if (!existsSync(dir)) return new Map();
  return new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [
        f.slice(0, -'.json'.length),
        JSON.parse(readFileSync(join(dir, f), 'utf8')) as JsonSchema,
      ]),
  );
}

export const currentSchemas = (messages: readonly MessageDef[]): Map<string, JsonSchema> =>
  new Map(messages.map((m) => [m.type, messageJsonSchema(m)]));

/** Every published version that is gone or changed incompatibly, one line each. */
export function gate(snapshots: Map<string, JsonSchema>, current: Map<string, JsonSchema>): string[] {
  const problems: string[] = [];
  for (const [type, old] of snapshots) {
    const now = current.get(type);
    if (!now) {
      problems.push(`${type}: published, but no longer defined (a published version is never removed)`);
      continue;
    }
    for (const c of compatibility(old, now)) problems.push(`${type}: ${c.kind} at ${c.path} (${c.detail})`);
  }
  return problems;
}

/** Versions defined but not yet snapshotted. */
export const unpublished = (snapshots: Map<string, JsonSchema>, current: Map<string, JsonSchema>): string[] =>
  [...current.keys()].filter((type) => !snapshots.has(type));

/** Snapshots the versions that have none yet; returns the files written. Existing snapshots are left alone. */
export function publish(dir: string, current: Map<string, JsonSchema>): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [type, schema] of current) {
    const file = join(dir, `${type}.json`);
    if (existsSync(file)) continue;
    writeFileSync(file, json(schema));
    written.push(file);
  }
  return written;
}
