/** ChangePlan: a subscription moves to another plan (seed 001 "plan modificado"). */
import { z } from 'zod';
import { defineCommand } from '../../message.ts';
import { PlanCode, SubscriptionId } from './subscription.fields.ts';

export const ChangePlanBody = z.strictObject({ planCode: PlanCode });

export const ChangePlanV1 = defineCommand(
  'subscriptions',
  'change-plan',
  1,
  z.object({ subscriptionId: SubscriptionId, planCode: PlanCode, requestedBy: z.string().min(1) }),
);
export type ChangePlan = z.infer<typeof ChangePlanV1.schema>;
