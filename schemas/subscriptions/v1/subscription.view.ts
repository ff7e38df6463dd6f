/** The subscriptions read model and the HTTP bodies that serve it: codes and states, no personal data. */
import { z } from 'zod';
import { ClientCode, Money, PlanCode, SubscriptionId, SubscriptionStatus } from './subscription.fields.ts';

export const Invoice = z.object({
  invoiceId: z.string(),
  amount: Money,
  providerReference: z.string(),
  paidAt: z.iso.datetime(),
});

export const SubscriptionView = z.object({
  id: SubscriptionId,
  clientCode: ClientCode,
  /** The owner's user id, so a client is shown only their own subscriptions. */
  userId: z.string(),
  planCode: PlanCode,
  status: SubscriptionStatus,
  invoices: z.array(Invoice),
  reason: z.string().optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Version of the last event applied, so a late or repeated event never rolls the view back. */
  version: z.number().int().nonnegative(),
});
export type SubscriptionView = z.infer<typeof SubscriptionView>;

export const SubscriptionIdParams = z.object({ id: SubscriptionId });
export const ListSubscriptionsQuery = z.strictObject({ client: ClientCode });
export const SubscriptionList = z.object({ items: z.array(SubscriptionView) });
