/** Gathers the deploy view's inputs from this repository: the manifest, the IAM map, Avro files, index exports. */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { grantsFor } from '../functions/manifest.iam.ts';
import { deadLetterTopic, entries, subscriptionName, topics, workflows } from '../functions/manifest.ts';
import type { TopicSpec } from '../functions/manifest.types.ts';
import { TTL_POLICIES } from '../functions/platform/ttl-policies.ts';
import type { MessageDef } from '../schemas/message.ts';
import { messageAvroSchema } from '../schemas/tools/avro.ts';
import type { DeployInputs } from './deploy-view.ts';
import type { FirestoreIndex } from './indexes.types.ts';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Where a context declares the composite indexes its queries need (optional). */
export const indexesModule = (context: string) => `functions/${context}/adapters/indexes.ts`;

// The canonical shape is `export const indexes: FirestoreIndex[]` with `{ path, order }` fields; an exported
// `<name>Indexes` array and `field` for `path` are accepted too, so a context's own naming does not block a deploy.
const IndexField = z
  .object({
    path: z.string().min(1).optional(),
    field: z.string().min(1).optional(),
    order: z.enum(['ASCENDING', 'DESCENDING', 'ARRAY_CONTAINS']),
  })
  .refine((f) => (f.path ?? f.field) !== undefined, 'a field needs a path')
  .transform((f) => ({ path: (f.path ?? f.field) as string, order: f.order }));
const IndexList = z.array(
  z.object({
    collection: z.string().min(1),
    fields: z.array(IndexField).min(2),
    queryScope: z.enum(['COLLECTION', 'COLLECTION_GROUP']).optional(),
  }),
);

/** The indexes a context module exports, validated; throws naming the module when it has none or they are malformed. */
export function indexesOf(mod: Record<string, unknown>, where: string): FirestoreIndex[] {
  const named = Object.entries(mod).filter(
    ([k, v]) => (k === 'indexes' || k.endsWith('Indexes')) && Array.isArray(v),
  );
  const chosen = named.find(([k]) => k === 'indexes') ?? (named.length === 1 ? named[0] : undefined);
  if (!chosen) throw new Error(`${where} must export \`indexes\` (FirestoreIndex[], infra/indexes.types.ts)`);
  const parsed = IndexList.safeParse(chosen[1]);
  if (!parsed.success)
    throw new Error(
      `${where} ${chosen[0]}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

/** The indexes of every context that declares some. */
export async function contextIndexes(contexts: readonly string[]): Promise<Record<string, FirestoreIndex[]>> {
  const found: Record<string, FirestoreIndex[]> = {};
  for (const context of [...contexts].sort()) {
    const file = `${repoRoot}${indexesModule(context)}`;
    if (!existsSync(file)) continue;
    found[context] = indexesOf(await import(pathToFileURL(file).href), indexesModule(context));
  }
  return found;
}

export async function currentInputs(): Promise<DeployInputs> {
  const functions = entries();
  return {
    functions,
    topics,
    workflows,
    indexes: await contextIndexes([...new Set(functions.map((f) => f.context))]),
    grantsFor,
    ttlPolicies: TTL_POLICIES,
    deadLetterTopic: (fn) => deadLetterTopic(fn as never),
    subscriptionName: (fn) => subscriptionName(fn as never),
    // Converted in memory, as `npm run schemas` does, so a stale schemas/generated/ cannot skew the decision;
    // Terraform reads the generated file, which `npm run schemas -- --check` keeps current.
    readAvro: (type) => {
      const defs: MessageDef[] = Object.values(topics as Record<string, TopicSpec>).flatMap((t) => [
        ...t.carries,
      ]);
      const def = defs.find((m) => m.type === type);
      if (!def) throw new Error(`no message definition for ${type}`);
      return messageAvroSchema(def);
    },
  };
}
