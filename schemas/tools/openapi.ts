/** The OpenAPI 3.1 document of the HTTP surface: manifest routes and roles plus each handler's zod schemas. */
import type { z } from 'zod';
import { entries, type ManifestEntry } from '../../functions/manifest.ts';
import type { HttpTrigger } from '../../functions/manifest.types.ts';
import type { HttpHandlerDef } from '../../functions/platform/http/http-handler.ts';
import { loadHandler } from '../../functions/register.ts';
import { Problem, ValidationProblem } from '../platform/v1/problem.ts';
import { type JsonSchema, toJsonSchema } from './json-schema.ts';

export interface HttpOperation {
  entry: ManifestEntry<HttpTrigger>;
  def: HttpHandlerDef;
}

const STATUS: Record<number, string> = {
  200: 'OK.',
  202: 'Accepted: the command is queued; its result will be readable at `Location`.',
  400: 'Invalid query or body: `errors[]` names every failing field.',
  401: 'No valid bearer ID token.',
  403: 'The caller lacks the required role, or may not see this resource.',
  404: 'No such resource.',
  409: 'Conflicts with the current state.',
  413: 'The body is over the size limit.',
  415: 'The body is not `application/json`.',
  422: 'The `Idempotency-Key` was already used with a different body.',
  500: 'Unexpected error; it has been logged.',
};

/** Every HTTP function of the manifest with its loaded handler. */
export async function httpOperations(): Promise<HttpOperation[]> {
  const http = entries().filter((e): e is ManifestEntry<HttpTrigger> => e.trigger.kind === 'http');
  return Promise.all(
    http.map(async (entry) => ({ entry, def: (await loadHandler(entry)) as HttpHandlerDef })),
  );
}

/** A JSON Schema to embed (OpenAPI 3.1 schemas are JSON Schema 2020-12; the dialect is declared once). */
function embed(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = toJsonSchema(schema, io);
  return rest;
}

const problemRef = (status: number) => ({
  $ref: `#/components/schemas/${status === 400 ? 'ValidationProblem' : 'Problem'}`,
});

function response(status: number, schema?: z.ZodType): JsonSchema {
  const description = STATUS[status] ?? 'See the body.';
  if (!schema || schema === Problem || schema === ValidationProblem)
    return { description, content: { 'application/problem+json': { schema: problemRef(status) } } };
  const location =
    status === 202
      ? {
          headers: {
            Location: { description: 'Where the result will be readable.', schema: { type: 'string' } },
          },
        }
      : {};
  return { description, ...location, content: { 'application/json': { schema: embed(schema, 'output') } } };
}

function parameters({ entry, def }: HttpOperation): JsonSchema[] {
  const fromSchema = (where: 'path' | 'query', schema?: z.ZodType) => {
    if (!schema) return [];
    const json = embed(schema, 'input');
    const required = new Set((json.required ?? []) as string[]);
    return Object.entries((json.properties ?? {}) as Record<string, JsonSchema>).map(([name, s]) => ({
      name,
      in: where,
      required: where === 'path' || required.has(name),
      schema: s,
    }));
  };
  const declared = fromSchema('path', def.params);
  // A template segment the params schema does not describe is still a (string) path parameter.
  const undeclared = [...entry.trigger.path.matchAll(/\{([^}]+)\}/g)]
    .map((m) => m[1] as string)
    .filter((name) => !declared.some((p) => p.name === name))
    .map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const idempotency =
    def.responses?.[202] === undefined
      ? []
      : [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'A retry with the same key and body gets the first answer and queues nothing new.',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
        ];
  return [...declared, ...undeclared, ...fromSchema('query', def.query), ...idempotency];
}

/** Declared responses plus the failures the platform itself answers for this kind of route. */
function responses({ entry, def }: HttpOperation): JsonSchema {
  const out: Record<string, JsonSchema> = {};
  for (const [status, schema] of Object.entries(def.responses ?? {}))
    out[status] = response(Number(status), schema);
  const platform = [
    ...(def.query || def.body ? [400] : []),
    ...(entry.trigger.roles === 'public' ? [] : [401, 403]),
    ...(def.params ? [404] : []),
    ...(def.body ? [413, 415] : []),
    ...(def.responses?.[202] ? [422] : []),
    500,
  ];
  for (const status of platform) out[status] ??= response(status);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => Number(a) - Number(b)));
}

function operation(op: HttpOperation): JsonSchema {
  const { entry, def } = op;
  const roles = entry.trigger.roles;
  const params = parameters(op);
  return {
    operationId: entry.name,
    tags: [entry.context],
    summary: entry.description,
    ...(roles === 'public'
      ? { description: 'Public: no identity required.', security: [] }
      : {
          description: `Requires a bearer ID token with one of the roles: ${roles.join(', ')}.`,
          security: [{ bearer: [] }],
          'x-roles': roles,
        }),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(def.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: embed(def.body, 'input') } },
          },
        }
      : {}),
    responses: responses(op),
  };
}

/** The whole document; pure, so a test can build it from any operations. */
export function openApiDocument(ops: readonly HttpOperation[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of ops) {
    const { path, method } = op.entry.trigger;
    paths[path] = { ...paths[path], [method.toLowerCase()]: operation(op) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'SaludTech Alpes API',
      version: '1',
      description: 'Generated by `npm run schemas` from functions/manifest.ts and the handlers’ zod schemas.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [...new Set(ops.map((o) => o.entry.context))].sort().map((name) => ({ name })),
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Firebase / Identity Platform ID token; roles are its `roles` custom claim.',
        },
      },
      schemas: { Problem: embed(Problem, 'output'), ValidationProblem: embed(ValidationProblem, 'output') },
    },
  };
}
