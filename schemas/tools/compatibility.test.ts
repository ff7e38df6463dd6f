import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compatibility } from './compatibility.ts';
import { toJsonSchema } from './json-schema.ts';

const base = z.object({
  id: z.uuid(),
  kind: z.enum(['ct', 'mr', 'us']),
  count: z.number().int(),
  note: z.string().optional(),
  tags: z.array(z.object({ key: z.string() })),
  where: z.object({ city: z.string() }),
});
/** The breaking changes from `base` to `next`, as `kind at path`. */
const breaks = (next: z.ZodType) =>
  compatibility(toJsonSchema(base), toJsonSchema(next)).map((c) => `${c.kind} at ${c.path}`);

describe('compatibility(old, new)', () => {
  it('passes an identical schema and an additive optional field', () => {
    expect(breaks(base)).toEqual([]);
    expect(breaks(base.extend({ comment: z.string().optional() }))).toEqual([]);
  });

  it('passes widening: an integer becoming a number, a new enum value, a field becoming optional', () => {
    expect(
      breaks(
        base.extend({ count: z.number(), kind: z.enum(['ct', 'mr', 'us', 'xr']), id: z.uuid().optional() }),
      ),
    ).toEqual([]);
  });

  it('breaks on a removed field, even an optional one', () => {
    expect(breaks(base.omit({ note: true }))).toEqual(['removed-field at note']);
  });

  it('breaks on a type change', () => {
    expect(breaks(base.extend({ count: z.string() }))).toEqual(['type-changed at count']);
    expect(breaks(base.extend({ count: z.number().int().nullable() }))).toEqual([]);
  });

  it('breaks when an optional field becomes required', () => {
    expect(breaks(base.extend({ note: z.string() }))).toEqual(['became-required at note']);
  });

  it('breaks on a new required field', () => {
    expect(breaks(base.extend({ country: z.string() }))).toEqual(['new-required-field at country']);
  });

  it('breaks when an enum value is removed, or a free string becomes an enum', () => {
    expect(breaks(base.extend({ kind: z.enum(['ct', 'mr']) }))).toEqual(['enum-value-removed at kind']);
    const free = z.object({ kind: z.string() });
    const closed = compatibility(toJsonSchema(free), toJsonSchema(z.object({ kind: z.enum(['ct']) })));
    expect(closed.map((c) => c.kind)).toEqual(['type-changed']);
  });

  it('looks inside nested objects and array items, naming the path', () => {
    const next = base.extend({
      tags: z.array(z.object({ key: z.number() })),
      where: z.object({ town: z.string() }),
    });
    expect(breaks(next)).toEqual([
      'type-changed at tags[].key',
      'removed-field at where.city',
      'new-required-field at where.town',
    ]);
  });
});
