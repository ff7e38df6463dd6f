import { describe, expect, it } from 'vitest';
import { CenterRegisteredV2 } from '../centers/v2/center-registered.event.ts';
import { messageJsonSchema } from './json-schema.ts';

describe('message JSON Schema', () => {
  const schema = messageJsonSchema(CenterRegisteredV2);

  it('is identified by the dataschema URL its CloudEvents carry', () => {
    expect(schema.$id).toBe(CenterRegisteredV2.dataschema);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('saludtech.centers.registered.v2');
  });

  it('describes the zod schema: its fields, which are required, their formats', () => {
    expect(schema.required).toEqual([
      'centerId',
      'code',
      'name',
      'city',
      'contactEmail',
      'registeredAt',
      'country',
    ]);
    expect(schema.properties).toMatchObject({
      centerId: { format: 'uuid' },
      registeredAt: { format: 'date-time' },
    });
  });

  it('leaves unknown fields allowed, as zod does for a consumer reading a newer producer', () => {
    expect(schema.additionalProperties).toBeUndefined();
  });
});
