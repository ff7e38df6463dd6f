/** CreateSubscription: a client subscribes to a plan (seed 001 "crear suscripción"). */
import { z } from 'zod';
import { defineCommand } from '../../message.ts';
import {
  ClientCode,
  ClientProfile,
  PlanCode,
  ProtectedClient,
  SubscriptionId,
} from './subscription.fields.ts';

/** The HTTP body of `POST /subscriptions` (the seed route maps its own body onto this). */
export const CreateSubscriptionBody = z.strictObject({
  clientCode: ClientCode,
  planCode: PlanCode,
  client: ClientProfile,
});
export type CreateSubscriptionBody = z.infer<typeof CreateSubscriptionBody>;

// The command travels on Pub/Sub: it carries the client's data already protected, never in the clear.
export const CreateSubscriptionV1 = defineCommand(
  'subscriptions',
  'create-subscription',
  1,
  z.object({
    subscriptionId: SubscriptionId,
    clientCode: ClientCode,
    /** The Identity Platform user who owns the subscription. */
    userId: z.string().min(1),
    planCode: PlanCode,
    client: ProtectedClient,
  }),
);
export type CreateSubscription = z.infer<typeof CreateSubscriptionV1.schema>;
