import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { entry } from '../../functions/manifest.ts';
import type { HttpTrigger } from '../../functions/manifest.types.ts';
import { httpHandler } from '../../functions/platform/http/http-handler.ts';
import { type HttpOperation, httpOperations, openApiDocument } from './openapi.ts';

// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document, read only by assertions.
type Doc = { paths: Record<string, Record<string, any>>; components: Record<string, any> };
// The validator dereferences in place: give it a copy.
const validate = (doc: unknown) => SwaggerParser.validate(structuredClone(doc) as never);
const committed = JSON.parse(
  readFileSync(new URL('../generated/openapi.json', import.meta.url), 'utf8'),
) as Doc;

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1, as committed and as generated now', async () => {
    expect(committed).toMatchObject({ openapi: '3.1.0' });
    await expect(validate(committed)).resolves.toBeDefined();
    await expect(validate(openApiDocument(await httpOperations()))).resolves.toBeDefined();
  });

  it('is checked by a validator that does reject a broken document', async () => {
    const broken = structuredClone(committed);
    delete broken.paths['/centers/{id}']?.get.responses['200'].description;
    await expect(validate(broken)).rejects.toThrow(/description/);
  });

  it('declares bearer ID tokens and the roles each route requires', () => {
    expect(committed.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    const register = committed.paths['/centers']?.post;
    expect(register.security).toEqual([{ bearer: [] }]);
    expect(register.description).toBe('Requires a bearer ID token with one of the roles: admin.');
    expect(register['x-roles']).toEqual(['admin']);
  });

  it('answers a command with 202 + Location and the CommandAccepted body, and documents its failures', () => {
    const responses = committed.paths['/centers']?.post.responses;
    expect(Object.keys(responses)).toEqual(['202', '400', '401', '403', '409', '413', '415', '422', '500']);
    expect(responses['202'].headers.Location).toBeDefined();
    expect(responses['202'].content['application/json'].schema.required).toEqual([
      'commandId',
      'status',
      'location',
    ]);
    expect(responses['400'].content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/ValidationProblem',
    });
    expect(responses['409'].content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    expect(committed.components.schemas.ValidationProblem.required).toContain('errors');
  });

  it('takes bodies, path and query parameters and 200 bodies from the handlers’ zod schemas', () => {
    const get = committed.paths['/centers/{id}']?.get;
    expect(get.parameters[0]).toMatchObject({
      name: 'id',
      in: 'path',
      required: true,
      schema: { format: 'uuid' },
    });
    expect(get.responses['200'].content['application/json'].schema.required).toContain('country');
    const list = committed.paths['/centers']?.get;
    expect(list.parameters.map((p: { name: string; required: boolean }) => [p.name, p.required])).toEqual([
      ['pageSize', false],
      ['pageToken', false],
    ]);
    expect(committed.paths['/centers']?.post.requestBody.content['application/json'].schema.required).toEqual(
      ['code', 'name', 'city', 'contactEmail'],
    );
  });

  it('marks a public route as needing no identity, and declares template params a handler left out', async () => {
    const base = entry('get-center') as HttpOperation['entry'];
    const trigger: HttpTrigger = { ...base.trigger, path: '/public/{slug}', roles: 'public' };
    const def = httpHandler({ query: z.object({ q: z.string() }), handle: async () => ({ status: 200 }) });
    const doc = openApiDocument([{ entry: { ...base, trigger }, def }]) as Doc;
    const op = doc.paths['/public/{slug}']?.get;
    expect(op.security).toEqual([]);
    expect(Object.keys(op.responses)).toEqual(['400', '500']);
    expect(op.parameters).toEqual([
      { name: 'slug', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'q', in: 'query', required: true, schema: { type: 'string' } },
    ]);
    await expect(validate(doc)).resolves.toBeDefined();
  });
});
