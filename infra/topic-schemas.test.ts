/** A topic schema is attached only where Pub/Sub's Avro-JSON validation accepts exactly what we publish. */
import { describe, expect, it } from 'vitest';
import { hasUnion, topicSchema } from './topic-schemas.ts';

const record = (fields: { name: string; type: unknown }[]) => ({ type: 'record', name: 'R', fields });
const plain = record([
  { name: 'id', type: 'string' },
  { name: 'tags', type: { type: 'array', items: 'string' } },
]);
const optional = record([
  { name: 'id', type: 'string' },
  { name: 'note', type: ['null', 'string'] },
]);
const nested = record([{ name: 'who', type: record([{ name: 'n', type: ['null', 'int'] }]) }]);

describe('hasUnion', () => {
  it('finds unions at any depth: fields, nested records, array items', () => {
    expect(hasUnion(plain)).toBe(false);
    expect(hasUnion(optional)).toBe(true);
    expect(hasUnion(nested)).toBe(true);
    expect(hasUnion(record([{ name: 'xs', type: { type: 'array', items: ['null', 'int'] } }]))).toBe(true);
  });
});

describe('topicSchema', () => {
  const avro = { 'a.v1': plain, 'b.v1': optional } as Record<string, unknown>;
  const read = (t: string) => avro[t];

  it('attaches the generated Avro file of a single, union-free message type, JSON-encoded', () => {
    expect(topicSchema(['a.v1'], read)).toEqual({
      attached: true,
      schemaId: 'a.v1',
      type: 'a.v1',
      definitionFile: 'schemas/generated/avro/a.v1.avsc',
      encoding: 'JSON',
    });
  });

  it('skips topics carrying several types, or a type with optional fields, saying why', () => {
    expect(topicSchema(['a.v1', 'b.v1'], read)).toMatchObject({ attached: false, reason: /2 message types/ });
    expect(topicSchema(['b.v1'], read)).toMatchObject({ attached: false, reason: /unions/ });
  });
});
