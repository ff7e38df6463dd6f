/** The sagas context's part of the function manifest. */
import { NotificationRequestedV1 } from '../../schemas/sagas/v1/notification-requested.event.ts';
import { SubscriptionCreatedV1 } from '../../schemas/subscriptions/v1/subscription.events.ts';
import { http, planStep, small, workflowStep } from '../manifest.helpers.ts';
import type { FunctionSpec, TopicSpec, WorkflowSpec } from '../manifest.types.ts';

const ctx = { ...small, context: 'sagas' } as const;

export const topics = {
  'sagas.events': { context: 'sagas', carries: [NotificationRequestedV1] },
  /**
   * The saga's trigger: SubscriptionCreated alone, copied from `subscriptions.events` on publish. Eventarc cannot
   * filter a Pub/Sub trigger on attributes, so on the shared topic every other event started a skipped execution.
   */
  'subscription-saga.requests': { context: 'sagas', carries: [], copies: [SubscriptionCreatedV1] },
  /** Events the saga cannot read (unknown version, invalid data), with the reason as an attribute. */
  'subscription-saga.dead-letter': { context: 'sagas', carries: [] },
} as const satisfies Record<string, TopicSpec>;

export const functions = {
  'saga-start': {
    ...ctx,
    description: 'Saga step: reads the triggering event, opens the saga log, answers the steps to run.',
    trigger: workflowStep('/'),
  },
  'saga-record': {
    ...ctx,
    description: 'Saga step: records retries exhausted on a step and the saga outcome.',
    trigger: workflowStep('/'),
  },
  'saga-notify-client': {
    ...ctx,
    description: 'Saga step: publishes NotificationRequested for the client.',
    trigger: planStep('/'),
  },
  'get-saga': {
    ...ctx,
    description: 'Reads a saga: state and timeline (admins, and the subscribing client).',
    trigger: http('GET', '/sagas/{id}', ['admin', 'client']),
  },
  'watch-saga': {
    ...ctx,
    timeoutSeconds: 360,
    description: 'Streams a saga’s view as Server-Sent Events on every step (the console’s live saga).',
    trigger: http('GET', '/sagas/{id}/events', ['admin', 'client']),
  },
  'list-plan-steps': {
    ...ctx,
    description: 'Lists the saga step functions a plan may name (the console’s plan editor offers these).',
    trigger: http('GET', '/saga/plan-steps', ['admin']),
  },
  'list-saga-logs': {
    ...ctx,
    description: 'Lists saga log rows by subscription and status.',
    trigger: http('GET', '/saga/logs', ['admin']),
  },
} as const satisfies Record<string, FunctionSpec>;

export const workflows = {
  'subscription-saga': {
    context: 'sagas',
    description:
      'Provisions a new subscription: runs its plan steps, activates it, or compensates in reverse and marks it FAILED.',
    source: 'infra/workflows/subscription-saga.yaml',
    trigger: { kind: 'pubsub', topic: 'subscription-saga.requests' },
  },
} as const satisfies Record<string, WorkflowSpec>;
