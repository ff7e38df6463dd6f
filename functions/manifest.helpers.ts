/** Building blocks for the per-context manifest fragments: default sizing and trigger constructors. */
import type { HttpTrigger, PubsubTrigger, StorageTrigger, WorkflowTrigger } from './manifest.types.ts';

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

/** Default delivery policy: 10 s → 600 s backoff, 5 attempts, then the dead-letter topic. */
export const pubsub = (topic: string, overrides: Partial<PubsubTrigger> = {}): PubsubTrigger => ({
  kind: 'pubsub',
  topic,
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
