/** Types of the function manifest: what a deployed function is, how it is triggered and sized. */
import { Role as RoleSchema } from '../schemas/identity/v1/user.fields.ts';
import type { MessageDef } from '../schemas/message.ts';

/** The roles a token may carry: one list, the identity context's contract. */
export const ROLES = RoleSchema.options;
export type Role = (typeof ROLES)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An HTTPS endpoint. `roles: 'public'` is an explicit opt-out of identity; otherwise any listed role passes. */
export interface HttpTrigger {
  kind: 'http';
  method: HttpMethod;
  /** Route template under the API host, with `{param}` segments: `/centers/{id}`. */
  path: string;
  roles: readonly Role[] | 'public';
}

/** A push subscription on a topic; delivery failures back off, then land on the function's dead-letter topic. */
export interface PubsubTrigger {
  kind: 'pubsub';
  topic: string;
  /**
   * The messages the handler acts on, as the versions it reads them in (a subset of what it accepts). The
   * subscription's `ce-type` filter delivers these and every carried older version upcast to one of them
   * (`functions/manifest.filters.ts`); a command topic's handler handles its command.
   */
  handles: readonly MessageDef[];
  minBackoffSeconds: number;
  maxBackoffSeconds: number;
  maxDeliveryAttempts: number;
  ackDeadlineSeconds: number;
}

/** Eventarc `google.cloud.storage.object.v1.finalized` on a bucket. */
export interface StorageTrigger {
  kind: 'storage';
  bucket: string;
}

/** An internal step called by a Cloud Workflows saga (OIDC-authenticated, not on the public API). */
export interface WorkflowTrigger {
  kind: 'workflow';
  path: string;
  /** A step a plan may name as `call` or `compensate` (the others are the workflow's own). */
  planStep?: true;
}

/**
 * Called on a schedule: by Cloud Scheduler in production (OIDC as the scheduler account, internal ingress),
 * by the local function host's timer in the suite. Not on the public API.
 */
export interface ScheduleTrigger {
  kind: 'schedule';
  path: string;
  /** Cloud Scheduler cron (one minute at the finest). */
  cron: string;
  /** The local host's period: finer than a minute, so the suite heals within a test's patience. */
  localEverySeconds: number;
}

export type Trigger = HttpTrigger | PubsubTrigger | StorageTrigger | WorkflowTrigger | ScheduleTrigger;

export interface FunctionSpec<T extends Trigger = Trigger> {
  context: string;
  description: string;
  trigger: T;
  memory: '256Mi' | '512Mi' | '1Gi' | '2Gi' | '4Gi';
  timeoutSeconds: number;
  concurrency: number;
  minInstances: number;
  maxInstances: number;
  /** Largest request body in bytes, refused with 413 while it streams; default 1 MB (HTTP), a push (events). */
  maxBodyBytes?: number;
}

export interface TopicSpec {
  context: string;
  /** Messages this topic carries; a subscriber accepts each of them, directly or through an upcaster. */
  carries: readonly MessageDef[];
  /**
   * Types whose home is another topic, copied here when published there: a dedicated feed for a consumer whose
   * trigger cannot filter (an Eventarc trigger starting a workflow takes every message on its topic).
   */
  copies?: readonly MessageDef[];
}

/** A Cloud Workflows definition, started by an Eventarc trigger on a topic with the event as its argument. */
export interface WorkflowSpec {
  context: string;
  description: string;
  /** The YAML, relative to the repository root: the same file the local stand-in runs and Terraform deploys. */
  source: string;
  trigger: { kind: 'pubsub'; topic: string };
}
