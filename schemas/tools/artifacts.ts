/** Everything `npm run schemas` generates, computed in memory: relative path under schemas/generated → content. */
import type { TopicSpec } from '../../functions/manifest.types.ts';
import type { MessageDef } from '../message.ts';
import { messageAvroSchema } from './avro.ts';
import { allMessages, topicTypes } from './catalog.ts';
import { messageJsonSchema } from './json-schema.ts';
import { type HttpOperation, httpOperations, openApiDocument } from './openapi.ts';

export type Artifacts = Map<string, string>;

export const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export interface ArtifactSources {
  messages: readonly MessageDef[];
  topics: Readonly<Record<string, TopicSpec>>;
  operations: readonly HttpOperation[];
}

/** Builds every artifact from the given sources (pure). */
export function buildArtifacts({ messages, topics, operations }: ArtifactSources): Artifacts {
  const out: Artifacts = new Map();
  for (const def of messages) {
    out.set(`jsonschema/${def.type}.json`, json(messageJsonSchema(def)));
    out.set(`avro/${def.type}.avsc`, json(messageAvroSchema(def)));
  }
  // What the infra attaches: each topic's schema revisions, one per message type it carries.
  const index = Object.fromEntries(
    Object.entries(topicTypes(topics)).map(([topic, types]) => [topic, types.map((t) => `${t}.avsc`)]),
  );
  out.set('avro/index.json', json(index));
  out.set('openapi.json', json(openApiDocument(operations)));
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

/** The artifacts of this repository as it is now. */
export async function currentArtifacts(): Promise<Artifacts> {
  const { topics } = await import('../../functions/manifest.ts');
  return buildArtifacts({ messages: allMessages(), topics, operations: await httpOperations() });
}
