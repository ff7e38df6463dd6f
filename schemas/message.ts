/** Defines versioned messages (commands and integration events) with their zod schema and CloudEvents type. */
import type { z } from 'zod';

export type MessageKind = 'command' | 'event';

export interface MessageDef<S extends z.ZodType = z.ZodType> {
  kind: MessageKind;
  context: string;
  /** kebab-case name: `register-center` (command), `registered` (event). */
  name: string;
  version: number;
  /** CloudEvents `type`: `saludtech.<context>.<name>.v<version>`. */
  type: string;
  /** CloudEvents `dataschema`: where the generated JSON Schema of this version is published. */
  dataschema: string;
  schema: S;
}

export type MessageData<M extends MessageDef> = z.infer<M['schema']>;

export const SCHEMA_BASE_URL = 'https://api.saludtech.example/schemas';

function define<S extends z.ZodType>(
  kind: MessageKind,
  context: string,
  name: string,
  version: number,
  schema: S,
): MessageDef<S> {
  const type = `saludtech.${context}.${name}.v${version}`;
  return { kind, context, name, version, type, dataschema: `${SCHEMA_BASE_URL}/${type}.json`, schema };
}

/** A command: one topic per command type, one handler function. */
export const defineCommand = <S extends z.ZodType>(
  context: string,
  name: string,
  version: number,
  schema: S,
) => define('command', context, name, version, schema);

/** An integration event: published on its context's events topic. */
export const defineEvent = <S extends z.ZodType>(context: string, name: string, version: number, schema: S) =>
  define('event', context, name, version, schema);
