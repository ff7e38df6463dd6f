import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CenterRegisteredV1 } from '../schemas/centers/v1/center-registered.event.ts';
import { centerRegisteredV1Data } from '../schemas/centers/v1/center-registered.fixture.ts';
import { CenterRegisteredV2 } from '../schemas/centers/v2/center-registered.event.ts';
import { UserRegisteredV1 } from '../schemas/identity/v1/user-registered.event.ts';
import { defineEvent } from '../schemas/message.ts';
import { SubscriptionFailedV1 } from '../schemas/subscriptions/v1/subscription.events.ts';
import { decode, upcastChain } from '../schemas/upcasters.ts';
import { deliveredTypesOf, deliveryOf, FILTER_MAX_BYTES, filterOf } from './manifest.filters.ts';
import {
  deliveredTypes,
  delivers,
  entries,
  entry,
  type ManifestEntry,
  subscriptionFilter,
  topics,
} from './manifest.ts';
import type { PubsubTrigger } from './manifest.types.ts';
import { loadHandler } from './register.ts';

const pubsubEntries = () =>
  entries().filter((e): e is ManifestEntry<PubsubTrigger> => e.trigger.kind === 'pubsub');
const types = (defs: readonly { type: string }[]) => defs.map((m) => m.type);

describe('what each Pub/Sub-triggered function handles', () => {
  it('every Pub/Sub entry names what it handles, all carried by its topic', () => {
    expect(pubsubEntries().length).toBeGreaterThan(0);
    for (const e of pubsubEntries()) {
      expect(e.trigger.handles.length, e.name).toBeGreaterThan(0);
      const carried = types(topics[e.trigger.topic as keyof typeof topics].carries);
      for (const m of e.trigger.handles) expect(carried, `${e.name} handles ${m.type}`).toContain(m.type);
    }
  });

  it('its handler accepts every delivered type, reading each as one it handles', async () => {
    for (const e of pubsubEntries()) {
      const def = await loadHandler(e);
      if (def.kind !== 'event') throw new Error(`${e.name}: expected an event handler`);
      const handled = types(e.trigger.handles);
      for (const m of e.trigger.handles)
        expect(types(def.accepts), `${e.name} accepts ${m.type}`).toContain(m.type);
      for (const type of deliveredTypes(e.trigger)) {
        const chain = upcastChain(type, def.accepts);
        expect(chain, `${e.name} reads ${type}`).toBeDefined();
        expect(handled, `${e.name} reads ${type} as a handled type`).toContain(
          chain?.at(-1)?.to.type ?? type,
        );
      }
    }
  });

  it('delivers an older version upcast to the handled one, and it decodes as that one', async () => {
    const e = entry('project-centers') as ManifestEntry<PubsubTrigger>;
    expect(deliveredTypes(e.trigger)).toEqual([CenterRegisteredV1.type, CenterRegisteredV2.type]);
    const def = await loadHandler(e);
    if (def.kind !== 'event') throw new Error('expected an event handler');
    expect(decode(def.accepts, CenterRegisteredV1.type, centerRegisteredV1Data)).toMatchObject({
      ok: true,
      def: CenterRegisteredV2,
    });
  });

  it('notify-subscription-failed is delivered SubscriptionFailed only', () => {
    const { trigger } = entry('notify-subscription-failed') as ManifestEntry<PubsubTrigger>;
    expect(deliveredTypes(trigger)).toEqual([SubscriptionFailedV1.type]);
    expect(subscriptionFilter(trigger)).toBe(`attributes.ce-type = "${SubscriptionFailedV1.type}"`);
    for (const type of types(topics['subscriptions.events'].carries))
      expect(delivers(trigger, type), type).toBe(type === SubscriptionFailedV1.type);
  });
});

describe('subscription filters', () => {
  it(`every manifest filter fits Pub/Sub's ${FILTER_MAX_BYTES} bytes`, () => {
    for (const e of pubsubEntries()) {
      const filter = subscriptionFilter(e.trigger);
      if (filter !== undefined)
        expect(Buffer.byteLength(filter, 'utf8'), `${e.name}: ${filter}`).toBeLessThanOrEqual(
          FILTER_MAX_BYTES,
        );
    }
  });

  it('filters only where a function takes part of its topic, on the attribute the publisher sets', () => {
    for (const e of pubsubEntries()) {
      const carried = types(topics[e.trigger.topic as keyof typeof topics].carries);
      const delivered = deliveredTypes(e.trigger);
      const filter = subscriptionFilter(e.trigger);
      if (carried.every((t) => delivered.includes(t))) expect(filter, e.name).toBeUndefined();
      else expect(filter, e.name).toBe(delivered.map((t) => `attributes.ce-type = "${t}"`).join(' OR '));
    }
  });

  it('delivers handled types and the carried versions upcast to them, ORed on ce-type', () => {
    const carries = [UserRegisteredV1, CenterRegisteredV1, CenterRegisteredV2];
    const delivery = deliveryOf(
      { topic: 'mixed', handles: [CenterRegisteredV2] },
      { mixed: { context: 'tests', carries } },
    );
    expect(delivery.delivered).toEqual([CenterRegisteredV1.type, CenterRegisteredV2.type]);
    expect(delivery.filter).toBe(
      `attributes.ce-type = "${CenterRegisteredV1.type}" OR attributes.ce-type = "${CenterRegisteredV2.type}"`,
    );
    expect(delivery.delivers(CenterRegisteredV1.type)).toBe(true);
    expect(delivery.delivers(UserRegisteredV1.type)).toBe(false);
    // A subscriber of v1 only is not delivered v2 (upcasting goes forward only).
    expect(deliveredTypesOf([CenterRegisteredV1], carries)).toEqual([CenterRegisteredV1.type]);
  });

  it('has no filter when it would deliver the whole topic (an uncarried type still reaches the handler)', () => {
    const delivery = deliveryOf(
      { topic: 'centers', handles: [CenterRegisteredV2] },
      { centers: { context: 'tests', carries: [CenterRegisteredV1, CenterRegisteredV2] } },
    );
    expect(delivery.filter).toBeUndefined();
    expect(delivery.delivers('saludtech.centers.registered.v9')).toBe(true);
  });

  it('refuses a filter longer than Pub/Sub allows', () => {
    const long = (n: number) => defineEvent('tests', `${'x'.repeat(60)}-${n}`, 1, z.object({}));
    const carries = [long(1), long(2), long(3), long(4)];
    expect(() => filterOf(deliveredTypesOf(carries.slice(0, 3), carries), carries)).toThrow(/exceeds/);
  });
});
