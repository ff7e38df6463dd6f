/**
 * The function manifest: the single source of truth for every deployed function, its trigger and its
 * settings, and for every topic. The local host, the emulator wiring and the Terraform derive from it.
 * A function named `x` lives in `functions/<context>/handlers/x.handler.ts`.
 */
import { CenterRegisteredV1 } from '../schemas/centers/v1/center-registered.event.ts';
import { RegisterCenterV1 } from '../schemas/centers/v1/register-center.command.ts';
import { CenterRegisteredV2 } from '../schemas/centers/v2/center-registered.event.ts';
import type { FunctionSpec, HttpTrigger, PubsubTrigger, TopicSpec, Trigger } from './manifest.types.ts';

export const topics = {
  'centers.register-center': { context: 'centers', carries: [RegisterCenterV1] },
  // v1 stays carried while v1 messages may still be in flight or replayed; subscribers read it upcast to v2.
  'centers.events': { context: 'centers', carries: [CenterRegisteredV1, CenterRegisteredV2] },
} as const satisfies Record<string, TopicSpec>;
export type TopicName = keyof typeof topics;

const small = {
  memory: '256Mi',
  timeoutSeconds: 60,
  concurrency: 80,
  minInstances: 0,
  maxInstances: 20,
} as const;

const http = (method: HttpTrigger['method'], path: string, roles: HttpTrigger['roles']): HttpTrigger => ({
  kind: 'http',
  method,
  path,
  roles,
});

/** Default delivery policy: 10 s → 600 s backoff, 5 attempts, then the dead-letter topic. */
const pubsub = (topic: TopicName, overrides: Partial<PubsubTrigger> = {}): PubsubTrigger => ({
  kind: 'pubsub',
  topic,
  minBackoffSeconds: 10,
  maxBackoffSeconds: 600,
  maxDeliveryAttempts: 5,
  ackDeadlineSeconds: 60,
  ...overrides,
});

export const functions = {
  'register-center': {
    ...small,
    context: 'centers',
    description: 'Accepts RegisterCenter from an admin and queues it.',
    trigger: http('POST', '/centers', ['admin']),
  },
  'handle-register-center': {
    ...small,
    context: 'centers',
    description: 'Registers the center and publishes CenterRegistered.',
    trigger: pubsub('centers.register-center'),
  },
  'project-centers': {
    ...small,
    context: 'centers',
    description: 'Maintains the centers read model from centers events.',
    trigger: pubsub('centers.events'),
  },
  'get-center': {
    ...small,
    context: 'centers',
    description: 'Reads one center from the read model.',
    trigger: http('GET', '/centers/{id}', ['admin', 'health_center', 'client', 'expert']),
  },
  'list-centers': {
    ...small,
    context: 'centers',
    description: 'Lists centers, paginated, from the read model.',
    trigger: http('GET', '/centers', ['admin', 'health_center', 'client', 'expert']),
  },
} as const satisfies Record<string, FunctionSpec>;
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

export function entry(name: FunctionName): ManifestEntry {
  return { name, ...(functions[name] as FunctionSpec) };
}

/** Where a function's handler module lives, relative to `functions/`. */
export const handlerModule = (e: ManifestEntry): string => `${e.context}/handlers/${e.name}.handler.ts`;

/** The dead-letter topic of a Pub/Sub-triggered function (one per subscription). */
export const deadLetterTopic = (name: FunctionName): string => `${name}.dead-letter`;

/** The push subscription that feeds a Pub/Sub-triggered function. */
export const subscriptionName = (name: FunctionName): string => `${name}.push`;

/** The topic a message type is published on. */
export function topicOf(type: string): TopicName {
  for (const [name, spec] of Object.entries(topics) as [TopicName, TopicSpec][]) {
    if (spec.carries.some((m) => m.type === type)) return name;
  }
  throw new Error(`no topic carries ${type}: add it to a topic's "carries" in functions/manifest.ts`);
}
