/**
 * Which topics get a Pub/Sub topic schema. A topic validates against ONE schema (revisions of it at most), and
 * our publisher sends the CloudEvent `data` as plain JSON (binary content mode). So a schema is attached only
 * where Pub/Sub's Avro-JSON validation accepts exactly what we publish:
 * - the topic carries one message type — several types (or v1 + v2 of one event) would need an Avro union at the
 *   top level, and Avro's JSON encoding wraps union values (`{"RecordV2": {...}}`), which is not our wire format;
 * - its record has no union anywhere — an optional field is `["null", T]`, and Avro JSON wants `{"string": "x"}`
 *   where we send `"x"`, so Pub/Sub would reject valid messages.
 * Every other topic is validated by zod twice instead: when the envelope is built and when a subscriber parses
 * it (failures go to the dead-letter topic with a reason). The choice is recorded per topic in the generated JSON.
 */

export type TopicSchema =
  | { attached: true; schemaId: string; type: string; definitionFile: string; encoding: 'JSON' }
  | { attached: false; reason: string };

/** True when an Avro schema contains a union (a JSON array type) at any depth. */
export function hasUnion(avro: unknown): boolean {
  if (Array.isArray(avro)) return true;
  if (avro === null || typeof avro !== 'object') return false;
  const node = avro as Record<string, unknown>;
  if (Array.isArray(node.fields)) return node.fields.some((f) => hasUnion((f as { type?: unknown }).type));
  if (node.type === 'array') return hasUnion(node.items);
  if (node.type === 'map') return hasUnion(node.values);
  return typeof node.type === 'object' && hasUnion(node.type);
}

/** Where `npm run schemas` writes a message type's Avro schema, relative to the repository root. */
export const avroFile = (type: string) => `schemas/generated/avro/${type}.avsc`;

/** Decides a topic's schema from the types it carries; `readAvro` loads a generated `.avsc` by type. */
export function topicSchema(types: readonly string[], readAvro: (type: string) => unknown): TopicSchema {
  if (types.length !== 1)
    return {
      attached: false,
      reason: `carries ${types.length} message types; a topic schema validates one (zod validates at both ends)`,
    };
  const type = types[0] as string;
  if (hasUnion(readAvro(type)))
    return {
      attached: false,
      reason: 'optional fields are Avro unions, whose JSON encoding differs from the plain JSON we publish',
    };
  return { attached: true, schemaId: type, type, definitionFile: avroFile(type), encoding: 'JSON' };
}
