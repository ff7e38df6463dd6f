import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  SubscriptionCreatedV1,
  SubscriptionPaidV1,
} from '../schemas/subscriptions/v1/subscription.events.ts';
import { upcastChain } from '../schemas/upcasters.ts';
import { duplicateNames, entries, handlerModule, topicOf, topics, topicsOf, workflows } from './manifest.ts';
import { handlerKind, loadHandler } from './register.ts';

describe('function manifest', () => {
  it('names functions as Cloud Run allows: lower-case kebab, at most 63 characters', () => {
    for (const e of entries()) expect(e.name).toMatch(/^[a-z][a-z0-9-]{0,61}[a-z0-9]$/);
  });

  it('has one handler file per function, exporting the kind its trigger needs', async () => {
    for (const e of entries()) {
      expect(existsSync(new URL(`./${handlerModule(e)}`, import.meta.url)), handlerModule(e)).toBe(true);
      const def = await loadHandler(e);
      expect(def.kind).toBe(handlerKind(e.trigger.kind));
    }
  });

  it('never lets two contexts declare the same function or topic name', () => {
    expect(duplicateNames()).toEqual([]);
  });

  it('never routes two HTTP functions to the same method and path', () => {
    const routes = entries().flatMap((e) =>
      e.trigger.kind === 'http' ? [`${e.trigger.method} ${e.trigger.path}`] : [],
    );
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('names no function after a route’s first segment (the local host serves each function under /<name>/)', () => {
    const names = new Set<string>(entries().map((e) => e.name));
    const shadowed = entries().flatMap((e) =>
      e.trigger.kind === 'http' && names.has(e.trigger.path.split('/')[1] ?? '') ? [e.trigger.path] : [],
    );
    expect(shadowed).toEqual([]);
  });

  it('subscribes Pub/Sub functions only to declared topics, accepting what those topics carry', async () => {
    for (const e of entries()) {
      if (e.trigger.kind !== 'pubsub') continue;
      const topic = topics[e.trigger.topic as keyof typeof topics];
      expect(topic, e.trigger.topic).toBeDefined();
      const def = await loadHandler(e);
      if (def.kind !== 'event') throw new Error('expected an event handler');
      const carried = topic.carries.map((m) => m.type);
      // Everything accepted is carried; everything carried is accepted, as is or through an upcaster chain.
      for (const m of def.accepts) expect(carried, `${e.name} accepts ${m.type}`).toContain(m.type);
      for (const type of carried)
        expect(upcastChain(type, def.accepts), `${e.name} reads ${type}`).toBeDefined();
    }
  });

  it('puts each message type on exactly one topic', () => {
    const types = Object.values(topics).flatMap((t) => t.carries.map((m) => m.type));
    expect(new Set(types).size).toBe(types.length);
    for (const type of types) expect(() => topicOf(type)).not.toThrow();
    expect(() => topicOf('saludtech.nowhere.v1')).toThrow(/no topic carries/);
  });

  it('copies a type onto another topic only from its home topic, and publishes it to both', () => {
    for (const [name, spec] of Object.entries(topics) as [string, { copies?: { type: string }[] }][])
      for (const m of spec.copies ?? []) {
        expect(topicOf(m.type)).not.toBe(name);
        expect(topicsOf(m.type)).toEqual([topicOf(m.type), name]);
      }
    expect(topicsOf(SubscriptionPaidV1.type)).toEqual(['subscriptions.events']);
  });

  it('starts the subscription saga only for the event that begins it (no skipped executions)', () => {
    const trigger = topics[workflows['subscription-saga'].trigger.topic];
    expect(trigger.carries).toEqual([]);
    expect(trigger.copies).toEqual([SubscriptionCreatedV1]);
  });
});
