/** Collects every message definition: the manifest's topics plus the published catalog, one per type. */
import { topics } from '../../functions/manifest.ts';
import type { TopicSpec } from '../../functions/manifest.types.ts';
import { catalog } from '../catalog.ts';
import type { MessageDef } from '../message.ts';

/** All message definitions, sorted by type; two different definitions of one type are an error. */
export function allMessages(
  topicSpecs: Readonly<Record<string, TopicSpec>> = topics,
  published: readonly MessageDef[] = catalog,
): MessageDef[] {
  const byType = new Map<string, MessageDef>();
  for (const def of [...Object.values(topicSpecs).flatMap((t) => t.carries), ...published]) {
    const seen = byType.get(def.type);
    if (seen && seen !== def) throw new Error(`two definitions of ${def.type}`);
    byType.set(def.type, def);
  }
  return [...byType.values()].sort((a, b) => a.type.localeCompare(b.type));
}

/** Topic name → the message types it carries, for the topic schemas the infra attaches. */
export function topicTypes(
  topicSpecs: Readonly<Record<string, TopicSpec>> = topics,
): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(topicSpecs).map(([name, spec]) => [name, spec.carries.map((m) => m.type)]),
  );
}
