/**
 * The function manifest: the single source of truth for every deployed function, its trigger and its
 * settings, and for every topic. The local host, the emulator wiring and the Terraform derive from it.
 * A function named `x` lives in `functions/<context>/handlers/x.handler.ts`.
 */
import * as centers from './centers/centers.manifest.ts';
import * as dataServices from './data-services/data-services.manifest.ts';
import * as identity from './identity/identity.manifest.ts';
import * as imaging from './imaging/imaging.manifest.ts';
import { deliveryOf } from './manifest.filters.ts';
import type { FunctionSpec, PubsubTrigger, TopicSpec, Trigger, WorkflowSpec } from './manifest.types.ts';
import * as notifications from './notifications/notifications.manifest.ts';
import * as platform from './platform/platform.manifest.ts';
import * as results from './results/results.manifest.ts';
import * as sagas from './sagas/sagas.manifest.ts';
import * as subscriptions from './subscriptions/subscriptions.manifest.ts';
import * as tokens from './tokens/tokens.manifest.ts';

// Each context declares its part in `<context>/<context>.manifest.ts`; this is the one place they meet.
const parts = [
  centers,
  tokens,
  imaging,
  subscriptions,
  dataServices,
  sagas,
  notifications,
  identity,
  results,
  platform,
];

export const topics = {
  ...centers.topics,
  ...tokens.topics,
  ...imaging.topics,
  ...subscriptions.topics,
  ...dataServices.topics,
  ...sagas.topics,
  ...notifications.topics,
  ...identity.topics,
  ...results.topics,
  ...platform.topics,
} as const satisfies Record<string, TopicSpec>;
export type TopicName = keyof typeof topics;

export const functions = {
  ...centers.functions,
  ...tokens.functions,
  ...imaging.functions,
  ...subscriptions.functions,
  ...dataServices.functions,
  ...sagas.functions,
  ...notifications.functions,
  ...identity.functions,
  ...results.functions,
  ...platform.functions,
} as const satisfies Record<string, FunctionSpec>;

/** Cloud Workflows definitions (sagas) and the topics whose events start them. */
export const workflows = { ...sagas.workflows } as const satisfies Record<string, WorkflowSpec>;
export type WorkflowName = keyof typeof workflows;

/** Names declared by two contexts would silently shadow each other in the spreads above. */
export function duplicateNames(): string[] {
  const seen = new Set<string>();
  const dups: string[] = [];
  for (const name of parts.flatMap((p) => [...Object.keys(p.functions), ...Object.keys(p.topics)]))
    if (seen.has(name)) dups.push(name);
    else seen.add(name);
  return dups;
}
export type FunctionName = keyof typeof functions;

export interface ManifestEntry<T extends Trigger = Trigger> extends FunctionSpec<T> {
  name: FunctionName;
}

/** Every function with its name, in manifest order. */
export function entries(): ManifestEntry[] {
  return (Object.keys(functions) as FunctionName[]).map((name) => ({
    name,
    ...(functions[name] as FunctionSpec),
  }));
}

/** The workflow steps a plan may name as `call` or `compensate`, with what each does. */
export const planSteps = (): { name: string; description: string }[] =>
  entries()
    .filter((e) => e.trigger.kind === 'workflow' && e.trigger.planStep === true)
    .map((e) => ({ name: e.name, description: e.description }));

export function entry(name: FunctionName): ManifestEntry {
  return { name, ...(functions[name] as FunctionSpec) };
}

/** Where a function's handler module lives, relative to `functions/`. */
/** The CloudEvent `source` of everything a function emits: derived from its manifest entry, never spelled. */
export const sourceOf = (e: { context: string; name: string }): string => `/saludtech/${e.context}/${e.name}`;

export const handlerModule = (e: ManifestEntry): string => `${e.context}/handlers/${e.name}.handler.ts`;

/** The dead-letter topic of a Pub/Sub-triggered function (one per subscription). */
export const deadLetterTopic = (name: FunctionName): string => `${name}.dead-letter`;

/** The push subscription that feeds a Pub/Sub-triggered function. */
export const subscriptionName = (name: FunctionName): string => `${name}.push`;

// Read on every message by the event adapter: derived once per trigger (the manifest never changes at run time).
const deliveries = new WeakMap<PubsubTrigger, ReturnType<typeof deliveryOf>>();
const deliveryFor = (trigger: PubsubTrigger) => {
  let d = deliveries.get(trigger);
  if (!d) {
    d = deliveryOf(trigger, topics);
    deliveries.set(trigger, d);
  }
  return d;
};

/** The CloudEvents types a Pub/Sub-triggered function's subscription delivers: what it handles, and older versions of it. */
export const deliveredTypes = (trigger: PubsubTrigger): string[] => deliveryFor(trigger).delivered;

/** The subscription's Pub/Sub filter on `ce-type`; undefined when it delivers everything its topic carries. */
export const subscriptionFilter = (trigger: PubsubTrigger): string | undefined => deliveryFor(trigger).filter;

/** Whether Pub/Sub delivers a message of `type` to this trigger's subscription (as its filter decides). */
export const delivers = (trigger: PubsubTrigger, type: string): boolean =>
  deliveryFor(trigger).delivers(type);

/** The topic a message type is published on. */
export function topicOf(type: string): TopicName {
  for (const [name, spec] of Object.entries(topics) as [TopicName, TopicSpec][]) {
    if (spec.carries.some((m) => m.type === type)) return name;
  }
  throw new Error(`no topic carries ${type}: add it to a topic's "carries" in functions/manifest.ts`);
}

/** Every topic a message of `type` is published on: its home topic, then the topics that copy it. */
export function topicsOf(type: string): TopicName[] {
  const copies = (Object.entries(topics) as [TopicName, TopicSpec][])
    .filter(([, spec]) => spec.copies?.some((m) => m.type === type))
    .map(([name]) => name);
  return [topicOf(type), ...copies];
}
