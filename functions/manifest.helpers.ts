/** Building blocks for the per-context manifest fragments: default sizing and trigger constructors. */
import type { MessageDef } from '../schemas/message.ts';
import type {
  HttpTrigger,
  PubsubTrigger,
  ScheduleTrigger,
  StorageTrigger,
  WorkflowTrigger,
} from './manifest.types.ts';

/** Sizing for a light function: most handlers parse, load one aggregate, decide and publish. */
export const small = {
  memory: '256Mi',
  timeoutSeconds: 60,
  concurrency: 80,
  minInstances: 0,
  maxInstances: 20,
} as const;

export const http = (
  method: HttpTrigger['method'],
  path: string,
  roles: HttpTrigger['roles'],
): HttpTrigger => ({
  kind: 'http',
  method,
  path,
  roles,
});

/**
 * A push subscription on `topic` delivering only the messages in `handles` (and older versions upcast to them).
 * Default delivery policy: 10 s → 600 s backoff, 5 attempts, then the dead-letter topic.
 */
export const pubsub = (
  topic: string,
  handles: readonly MessageDef[],
  overrides: Partial<Omit<PubsubTrigger, 'kind' | 'topic' | 'handles'>> = {},
): PubsubTrigger => ({
  kind: 'pubsub',
  topic,
  handles,
  minBackoffSeconds: 10,
  maxBackoffSeconds: 600,
  maxDeliveryAttempts: 5,
  ackDeadlineSeconds: 60,
  ...overrides,
});

/** Eventarc object-finalized on a bucket (a logical bucket name; the deployed name comes from config). */
export const storage = (bucket: string): StorageTrigger => ({ kind: 'storage', bucket });

/** An internal step a Cloud Workflows saga calls over HTTP (OIDC in production), never on the public API. */
export const workflowStep = (path: string): WorkflowTrigger => ({ kind: 'workflow', path });

/** A workflow step that plans may name in their provisioning (`PUT /plans/{code}` checks against these). */
export const planStep = (path: string): WorkflowTrigger => ({ ...workflowStep(path), planStep: true });

/** A scheduled internal call: `cron` for Cloud Scheduler, `localEverySeconds` for the local host. */
export const scheduled = (path: string, cron: string, localEverySeconds: number): ScheduleTrigger => ({
  kind: 'schedule',
  path,
  cron,
  localEverySeconds,
});
