/** The subscriptions context's integration events (topic `subscriptions.events`): ids and codes only. */
import { z } from 'zod';
import { defineEvent } from '../../message.ts';
import { ProvisioningStep } from './plan.ts';
import { ClientCode, Money, PlanCode, SubscriptionId } from './subscription.fields.ts';

const At = z.iso.datetime();
/**
 * The owning client's Identity Platform uid (a pseudonymous account id, never personal data): who is
 * granted the data and who is notified. Optional only for events published before it was carried.
 */
const Owner = { userId: z.string().min(1).optional() };

/** Carries the plan's provisioning steps as they were when the client subscribed: the saga runs these. */
export const SubscriptionCreatedV1 = defineEvent(
  'subscriptions',
  'created',
  1,
  z.object({
    subscriptionId: SubscriptionId,
    clientCode: ClientCode,
    ...Owner,
    planCode: PlanCode,
    planVersion: z.number().int().positive(),
    provisioning: z.array(ProvisioningStep),
    createdAt: At,
  }),
);

export const SubscriptionActivatedV1 = defineEvent(
  'subscriptions',
  'activated',
  1,
  z.object({
    subscriptionId: SubscriptionId,
    clientCode: ClientCode,
    ...Owner,
    planCode: PlanCode,
    activatedAt: At,
  }),
);

export const SubscriptionPlanChangedV1 = defineEvent(
  'subscriptions',
  'plan-changed',
  1,
  z.object({
    subscriptionId: SubscriptionId,
    clientCode: ClientCode,
    ...Owner,
    fromPlanCode: PlanCode,
    planCode: PlanCode,
    /** The new plan's provisioning steps (what it grants); absent on events published before it was carried. */
    provisioning: z.array(ProvisioningStep).optional(),
    changedAt: At,
  }),
);

export const SubscriptionCancelledV1 = defineEvent(
  'subscriptions',
  'cancelled',
  1,
  z.object({
    subscriptionId: SubscriptionId,
    clientCode: ClientCode,
    ...Owner,
    reason: z.enum(['client-request', 'non-payment', 'other']),
    cancelledAt: At,
  }),
);

export const SubscriptionPaidV1 = defineEvent(
  'subscriptions',
  'paid',
  1,
  z.object({
    subscriptionId: SubscriptionId,
    clientCode: ClientCode,
    ...Owner,
    invoiceId: z.string().min(1),
    amount: Money,
    providerReference: z.string().min(1),
    paidAt: At,
  }),
);

/** A payment the provider declined: the subscription is past due until paid. */
export const SubscriptionPaymentDeclinedV1 = defineEvent(
  'subscriptions',
  'payment-declined',
  1,
  z.object({
    subscriptionId: SubscriptionId,
    clientCode: ClientCode,
    ...Owner,
    declineCode: z.string().min(1),
    declinedAt: At,
  }),
);

/** Provisioning failed and was compensated: the subscription never became active. */
export const SubscriptionFailedV1 = defineEvent(
  'subscriptions',
  'failed',
  1,
  z.object({
    subscriptionId: SubscriptionId,
    clientCode: ClientCode,
    ...Owner,
    reason: z.string().min(1).max(300),
    failedAt: At,
  }),
);

export const SUBSCRIPTION_EVENTS = [
  SubscriptionCreatedV1,
  SubscriptionActivatedV1,
  SubscriptionPlanChangedV1,
  SubscriptionCancelledV1,
  SubscriptionPaidV1,
  SubscriptionPaymentDeclinedV1,
  SubscriptionFailedV1,
] as const;
