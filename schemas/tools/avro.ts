/** Avro schemas for Pub/Sub topic schemas, derived from a message's JSON Schema (a deliberate, small subset). */
import type { MessageDef } from '../message.ts';
import { type JsonSchema, messageJsonSchema } from './json-schema.ts';

export type AvroType = string | AvroType[] | { [key: string]: unknown };

const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INT32 = 2 ** 31;

const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join('');

/** Converts one JSON Schema node; `name` names the record or enum it may become, `at` locates errors. */
function convert(schema: JsonSchema, name: string, at: string, names: Set<string>): AvroType {
  const named = (kind: string, rest: Record<string, unknown>) => {
    if (names.has(name)) throw new Error(`${at}: Avro name ${name} is used twice`);
    names.add(name);
    return { type: kind, name, ...rest };
  };
  const values = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : undefined;
  if (values) {
    const symbols = values.every((v) => typeof v === 'string' && AVRO_NAME.test(v));
    if (symbols) return named('enum', { symbols: values });
    if (values.every((v) => typeof v === 'string')) return 'string'; // not valid Avro symbols: keep the strings
  }
  if (Array.isArray(schema.anyOf)) {
    const branches = schema.anyOf as JsonSchema[];
    const rest = branches.filter((b) => b.type !== 'null');
    if (rest.length === 1 && branches.length === 2)
      return ['null', convert(rest[0] as JsonSchema, name, at, names)];
  }
  if (Array.isArray(schema.type)) {
    const rest = schema.type.filter((t) => t !== 'null');
    if (rest.length === 1 && schema.type.length === 2)
      return ['null', convert({ ...schema, type: rest[0] }, name, at, names)];
  }
  switch (schema.type) {
    case 'string':
      return schema.format === 'uuid' ? { type: 'string', logicalType: 'uuid' } : 'string';
    case 'integer': {
      const min = Number(schema.minimum ?? -Infinity);
      const max = Number(schema.maximum ?? Infinity);
      return min >= -INT32 && max < INT32 ? 'int' : 'long';
    }
    case 'number':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return {
        type: 'array',
        items: convert((schema.items ?? {}) as JsonSchema, `${name}Item`, `${at}[]`, names),
      };
    case 'object':
      return named('record', { fields: fields(schema, name, at, names) });
    default:
      throw new Error(`${at}: no Avro equivalent for ${JSON.stringify(schema)}`);
  }
}

/** Record fields; an optional field is a union with null, defaulting to null. */
function fields(schema: JsonSchema, name: string, at: string, names: Set<string>) {
  const required = new Set((schema.required ?? []) as string[]);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).map(([field, node]) => {
    if (!AVRO_NAME.test(field)) throw new Error(`${at}.${field}: not a valid Avro field name`);
    const type = convert(node, `${name}${pascal(field)}`, `${at}.${field}`, names);
    const doc = typeof node.description === 'string' ? { doc: node.description } : {};
    if (required.has(field)) return { name: field, type, ...doc };
    const nullable = Array.isArray(type) && type.includes('null');
    return { name: field, type: nullable ? type : ['null', type], default: null, ...doc };
  });
}

/** The Avro record of a message type: `saludtech.<context>.<Name>V<N>`. */
export function messageAvroSchema(def: MessageDef): AvroType {
  const json = messageJsonSchema(def);
  const name = `${pascal(def.name)}V${def.version}`;
  const record = convert(json, name, def.type, new Set()) as { [key: string]: unknown };
  return {
    type: 'record',
    name,
    namespace: `saludtech.${def.context.replaceAll('-', '_')}`,
    doc: `${def.type} (${def.dataschema})`,
    fields: record.fields,
  };
}

/** Converts a JSON Schema node named `name` (a record or enum takes that name). */
export const jsonSchemaToAvro = (schema: JsonSchema, name: string): AvroType =>
  convert(schema, name, name, new Set());
