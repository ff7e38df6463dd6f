/** The subscriptions context's part of the function manifest. */
import { CancelSubscriptionV1 } from '../../schemas/subscriptions/v1/cancel-subscription.command.ts';
import { ChangePlanV1 } from '../../schemas/subscriptions/v1/change-plan.command.ts';
import { CreateSubscriptionV1 } from '../../schemas/subscriptions/v1/create-subscription.command.ts';
import { PaySubscriptionV1 } from '../../schemas/subscriptions/v1/pay-subscription.command.ts';
import { SUBSCRIPTION_EVENTS } from '../../schemas/subscriptions/v1/subscription.events.ts';
import { http, pubsub, small, workflowStep } from '../manifest.helpers.ts';
import type { FunctionSpec, TopicSpec } from '../manifest.types.ts';

const ctx = { ...small, context: 'subscriptions' } as const;
const clientOrAdmin = ['client', 'admin'] as const;

export const topics = {
  'subscriptions.create-subscription': { context: 'subscriptions', carries: [CreateSubscriptionV1] },
  'subscriptions.change-plan': { context: 'subscriptions', carries: [ChangePlanV1] },
  'subscriptions.cancel-subscription': { context: 'subscriptions', carries: [CancelSubscriptionV1] },
  'subscriptions.pay-subscription': { context: 'subscriptions', carries: [PaySubscriptionV1] },
  'subscriptions.events': { context: 'subscriptions', carries: SUBSCRIPTION_EVENTS },
} as const satisfies Record<string, TopicSpec>;

export const functions = {
  'create-subscription': {
    ...ctx,
    description: 'Accepts CreateSubscription from a client and queues it.',
    trigger: http('POST', '/subscriptions', [...clientOrAdmin]),
  },
  'create-subscription-seed': {
    ...ctx,
    description:
      'The seed BFF route: accepts the seed subscription body verbatim and queues CreateSubscription.',
    trigger: http('POST', '/suscripciones/suscripcion-comando', [...clientOrAdmin]),
  },
  'handle-create-subscription': {
    ...ctx,
    description:
      'Creates the subscription and publishes SubscriptionCreated (and Activated when nothing is provisioned).',
    trigger: pubsub('subscriptions.create-subscription', [CreateSubscriptionV1]),
  },
  'change-plan': {
    ...ctx,
    description: 'Accepts ChangePlan on a subscription and queues it.',
    trigger: http('POST', '/subscriptions/{id}/plan', [...clientOrAdmin]),
  },
  'handle-change-plan': {
    ...ctx,
    description: 'Moves the subscription to another plan and publishes SubscriptionPlanChanged.',
    trigger: pubsub('subscriptions.change-plan', [ChangePlanV1]),
  },
  'cancel-subscription': {
    ...ctx,
    description: 'Accepts CancelSubscription and queues it.',
    trigger: http('POST', '/subscriptions/{id}/cancel', [...clientOrAdmin]),
  },
  'handle-cancel-subscription': {
    ...ctx,
    description: 'Cancels the subscription and publishes SubscriptionCancelled.',
    trigger: pubsub('subscriptions.cancel-subscription', [CancelSubscriptionV1]),
  },
  'pay-subscription': {
    ...ctx,
    description: 'Accepts PaySubscription and queues it.',
    trigger: http('POST', '/subscriptions/{id}/payments', [...clientOrAdmin]),
  },
  'handle-pay-subscription': {
    ...ctx,
    description: 'Charges through the payment provider and publishes SubscriptionPaid or PaymentDeclined.',
    trigger: pubsub('subscriptions.pay-subscription', [PaySubscriptionV1]),
  },
  'project-subscriptions': {
    ...ctx,
    description: 'Maintains the subscriptions read model from subscriptions events.',
    // Every event is a cue to copy the aggregate's current state.
    trigger: pubsub('subscriptions.events', SUBSCRIPTION_EVENTS),
  },
  'get-subscription': {
    ...ctx,
    description: 'Reads one subscription from the read model.',
    trigger: http('GET', '/subscriptions/{id}', [...clientOrAdmin]),
  },
  'list-subscriptions': {
    ...ctx,
    description: "Lists a client's subscriptions from the read model.",
    trigger: http('GET', '/subscriptions', [...clientOrAdmin]),
  },
  'put-plan': {
    ...ctx,
    description: 'Creates or changes a plan of the catalogue.',
    trigger: http('PUT', '/plans/{code}', ['admin']),
  },
  'list-plans': {
    ...ctx,
    description: 'Lists the plan catalogue.',
    trigger: http('GET', '/plans', ['client', 'admin', 'expert']),
  },
  'saga-activate-subscription': {
    ...ctx,
    description: 'Saga step: activates the subscription.',
    trigger: workflowStep('/'),
  },
  'saga-fail-subscription': {
    ...ctx,
    description: 'Saga step: marks the subscription FAILED after compensation.',
    trigger: workflowStep('/'),
  },
} as const satisfies Record<string, FunctionSpec>;
