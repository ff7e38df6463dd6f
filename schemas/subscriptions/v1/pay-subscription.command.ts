/** PaySubscription: the client pays the current period through the payment provider (seed 001 "pagada"). */
import { z } from 'zod';
import { defineCommand } from '../../message.ts';
import { SubscriptionId } from './subscription.fields.ts';

/** A payment method token issued by the provider's client-side SDK; card data never reaches us. */
export const PaymentMethod = z.string().regex(/^[A-Za-z0-9_-]{3,64}$/, 'must be a payment method token');

export const PaySubscriptionBody = z.strictObject({ paymentMethod: PaymentMethod });

export const PaySubscriptionV1 = defineCommand(
  'subscriptions',
  'pay-subscription',
  1,
  z.object({ subscriptionId: SubscriptionId, paymentMethod: PaymentMethod, requestedBy: z.string().min(1) }),
);
export type PaySubscription = z.infer<typeof PaySubscriptionV1.schema>;
