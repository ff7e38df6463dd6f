/** CancelSubscription: the client or an admin ends a subscription (seed 001 "suscripción cancelada"). */
import { z } from 'zod';
import { defineCommand } from '../../message.ts';
import { SubscriptionId } from './subscription.fields.ts';

export const CancelSubscriptionBody = z.strictObject({
  reason: z.enum(['client-request', 'non-payment', 'other']).default('client-request'),
});

export const CancelSubscriptionV1 = defineCommand(
  'subscriptions',
  'cancel-subscription',
  1,
  z.object({
    subscriptionId: SubscriptionId,
    reason: z.enum(['client-request', 'non-payment', 'other']),
    requestedBy: z.string().min(1),
  }),
);
export type CancelSubscription = z.infer<typeof CancelSubscriptionV1.schema>;
