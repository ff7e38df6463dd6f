/** Defines versioned messages (commands and integration events) with their zod schema and CloudEvents type. */
import type { z } from 'zod';

export type MessageKind = 'command' | 'event';

export interface MessageDef<S extends z.ZodType = z.ZodType, T extends string = string> {
  kind: MessageKind;
  context: string;
  /** kebab-case name: `register-center` (command), `registered` (event). */
  name: string;
  version: number;
  /** CloudEvents `type`: `saludtech.<context>.<name>.v<version>` (a literal type, so a handler narrows on it). */
  type: T;
  /** CloudEvents `dataschema`: where the generated JSON Schema of this version is published. */
  dataschema: string;
  schema: S;
}

export type MessageData<M extends MessageDef> = z.infer<M['schema']>;

export const SCHEMA_BASE_URL = 'https://api.saludtech.example/schemas';

/** The CloudEvents type of a message, as a literal type. */
type TypeOf<C extends string, N extends string, V extends number> = `saludtech.${C}.${N}.v${V}`;

/** A definer of one kind of message: the literal context, name and version make the literal type. */
const definer =
  (kind: MessageKind) =>
  <S extends z.ZodType, const C extends string, const N extends string, const V extends number>(
    context: C,
    name: N,
    version: V,
    schema: S,
  ): MessageDef<S, TypeOf<C, N, V>> => {
    const type = `saludtech.${context}.${name}.v${version}` as TypeOf<C, N, V>;
    return { kind, context, name, version, type, dataschema: `${SCHEMA_BASE_URL}/${type}.json`, schema };
  };

/** A command: one topic per command type, one handler function. */
export const defineCommand = definer('command');

/** An integration event: published on its context's events topic. */
export const defineEvent = definer('event');
