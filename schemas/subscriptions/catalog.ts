/** Published message versions of the subscriptions context (frozen by their snapshots in `schemas/published/`). */
import type { MessageDef } from '../message.ts';
import { CancelSubscriptionV1 } from './v1/cancel-subscription.command.ts';
import { ChangePlanV1 } from './v1/change-plan.command.ts';
import { CreateSubscriptionV1 } from './v1/create-subscription.command.ts';
import { PaySubscriptionV1 } from './v1/pay-subscription.command.ts';
import { SUBSCRIPTION_EVENTS } from './v1/subscription.events.ts';

export const catalog: readonly MessageDef[] = [
  CreateSubscriptionV1,
  ChangePlanV1,
  CancelSubscriptionV1,
  PaySubscriptionV1,
  ...SUBSCRIPTION_EVENTS,
];
