/** JSON Schema (draft 2020-12) of a message: the CloudEvents `dataschema` target of its type. */
import { z } from 'zod';
import type { MessageDef } from '../message.ts';

export type JsonSchema = { [key: string]: unknown };

/**
 * `io: 'input'` describes what a consumer accepts: a plain `z.object` ignores unknown fields, so the
 * schema leaves additional properties open and older readers tolerate additive fields.
 */
export const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema =>
  z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) as JsonSchema;

export function messageJsonSchema(def: MessageDef): JsonSchema {
  const { $schema, ...rest } = toJsonSchema(def.schema);
  return {
    $schema,
    $id: def.dataschema,
    title: def.type,
    description: `${def.kind === 'command' ? 'Command' : 'Integration event'} ${def.name} v${def.version} of the ${def.context} context.`,
    ...rest,
  };
}
