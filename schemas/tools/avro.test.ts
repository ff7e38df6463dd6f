import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CenterRegisteredV2 } from '../centers/v2/center-registered.event.ts';
import { jsonSchemaToAvro, messageAvroSchema } from './avro.ts';
import { toJsonSchema } from './json-schema.ts';

const avro = (schema: z.ZodType) => jsonSchemaToAvro(toJsonSchema(schema), 'Thing');
const fieldsOf = (schema: z.ZodType) =>
  Object.fromEntries(
    (avro(schema) as { fields: { name: string; type: unknown }[] }).fields.map((f) => [f.name, f]),
  );

describe('JSON Schema → Avro', () => {
  it('maps scalars: strings, uuid as a logical type, int32-ranged ints, longs, doubles, booleans', () => {
    const f = fieldsOf(
      z.object({
        s: z.string(),
        id: z.uuid(),
        small: z.number().int().min(0).max(1000),
        big: z.number().int(),
        x: z.number(),
        b: z.boolean(),
        at: z.iso.datetime(),
      }),
    );
    expect(f.s).toEqual({ name: 's', type: 'string' });
    expect(f.id).toEqual({ name: 'id', type: { type: 'string', logicalType: 'uuid' } });
    expect(f.small?.type).toBe('int');
    expect(f.big?.type).toBe('long');
    expect(f.x?.type).toBe('double');
    expect(f.b?.type).toBe('boolean');
    // Avro has no string-based timestamp logical type: ISO 8601 strings stay strings.
    expect(f.at?.type).toBe('string');
  });

  it('makes an optional field a union with null, defaulting to null', () => {
    expect(fieldsOf(z.object({ note: z.string().optional() })).note).toEqual({
      name: 'note',
      type: ['null', 'string'],
      default: null,
    });
    expect(fieldsOf(z.object({ note: z.string().nullable() })).note?.type).toEqual(['null', 'string']);
  });

  it('turns enums into Avro enums and nested objects into named nested records', () => {
    const f = fieldsOf(
      z.object({
        modality: z.enum(['CT', 'MR']),
        where: z.object({ city: z.string() }),
        tags: z.array(z.object({ key: z.string() })),
      }),
    );
    expect(f.modality?.type).toEqual({ type: 'enum', name: 'ThingModality', symbols: ['CT', 'MR'] });
    expect(f.where?.type).toEqual({
      type: 'record',
      name: 'ThingWhere',
      fields: [{ name: 'city', type: 'string' }],
    });
    expect(f.tags?.type).toEqual({
      type: 'array',
      items: { type: 'record', name: 'ThingTagsItem', fields: [{ name: 'key', type: 'string' }] },
    });
  });

  it('keeps enum values that are not Avro symbols as strings', () => {
    expect(fieldsOf(z.object({ plan: z.enum(['pro-plus', 'basic']) })).plan?.type).toBe('string');
  });

  it('refuses what Avro cannot say, naming where', () => {
    expect(() => avro(z.object({ any: z.union([z.string(), z.number()]) }))).toThrow(
      /Thing\.any: no Avro equivalent/,
    );
  });

  it('names a message record after its type, in its context namespace', () => {
    expect(messageAvroSchema(CenterRegisteredV2)).toMatchObject({
      type: 'record',
      name: 'RegisteredV2',
      namespace: 'saludtech.centers',
      fields: expect.arrayContaining([{ name: 'country', type: 'string' }]),
    });
  });
});
