import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CenterRegisteredV1 } from './centers/v1/center-registered.event.ts';
import { centerRegisteredV1Data } from './centers/v1/center-registered.fixture.ts';
import { CenterRegisteredV2 } from './centers/v2/center-registered.event.ts';
import { defineEvent } from './message.ts';
import { decode, type UpcasterRegistry, upcastChain, upcaster, upcasters } from './upcasters.ts';

const v1 = centerRegisteredV1Data;

describe('decode: reading a message as a version the consumer accepts', () => {
  it('passes an accepted type through, validated, without upcasting', () => {
    const v2 = { ...v1, country: 'PE' };
    expect(decode([CenterRegisteredV2], CenterRegisteredV2.type, v2)).toEqual({
      ok: true,
      def: CenterRegisteredV2,
      data: v2,
    });
  });

  it('reads CenterRegistered v1 as v2 through the registered upcaster', () => {
    expect(decode([CenterRegisteredV2], CenterRegisteredV1.type, v1)).toEqual({
      ok: true,
      def: CenterRegisteredV2,
      data: { ...v1, country: 'CO' },
      upcastFrom: CenterRegisteredV1.type,
    });
  });

  it('validates an old message against the schema it was written with, naming the failing fields', () => {
    const { city: _, ...noCity } = v1;
    expect(decode([CenterRegisteredV2], CenterRegisteredV1.type, noCity)).toEqual({
      ok: false,
      reason: `invalid ${CenterRegisteredV1.type} data at: city`,
    });
  });

  it('refuses a type with no way to an accepted one, with the reason the dead-letter carries', () => {
    expect(decode([CenterRegisteredV1], CenterRegisteredV2.type, v1)).toEqual({
      ok: false,
      reason: `unknown message type ${CenterRegisteredV2.type}`,
    });
  });

  it('reports an upcaster that produces invalid data instead of throwing', () => {
    const broken = { [CenterRegisteredV1.type]: { ...upcasters[CenterRegisteredV1.type], upcast: () => v1 } };
    const decoded = decode([CenterRegisteredV2], CenterRegisteredV1.type, v1, broken as UpcasterRegistry);
    expect(decoded).toEqual({
      ok: false,
      reason: `upcasting ${CenterRegisteredV1.type} to ${CenterRegisteredV2.type} gave invalid data at: country`,
    });
  });
});

describe('upcastChain', () => {
  const a1 = defineEvent('demo', 'thing', 1, z.object({ n: z.number() }));
  const a2 = defineEvent('demo', 'thing', 2, z.object({ n: z.number(), m: z.number() }));
  const a3 = defineEvent('demo', 'thing', 3, z.object({ total: z.number() }));
  const registry: UpcasterRegistry = {
    [a1.type]: upcaster(a1, a2, (d) => ({ ...d, m: 0 })),
    [a2.type]: upcaster(a2, a3, (d) => ({ total: d.n + d.m })),
  };

  it('follows several steps to the accepted version, applying each in order', () => {
    expect(upcastChain(a1.type, [a3], registry)?.map((s) => s.to.type)).toEqual([a2.type, a3.type]);
    expect(decode([a3], a1.type, { n: 4 }, registry)).toMatchObject({
      ok: true,
      def: a3,
      data: { total: 4 },
    });
  });

  it('is empty for an accepted type and undefined when no chain exists or it loops', () => {
    expect(upcastChain(a3.type, [a3], registry)).toEqual([]);
    expect(upcastChain(a3.type, [a1], registry)).toBeUndefined();
    const loop: UpcasterRegistry = {
      [a1.type]: upcaster(a1, a2, (d) => ({ ...d, m: 0 })),
      [a2.type]: upcaster(a2, a1, (d) => d),
    };
    expect(upcastChain(a1.type, [a3], loop)).toBeUndefined();
  });
});
