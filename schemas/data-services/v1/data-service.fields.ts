/** Field rules shared by the data-services commands, events and documents. */
import { z } from 'zod';
import { StepArgs } from '../../subscriptions/v1/plan.ts';
import { ClientCode, PlanCode, SubscriptionId } from '../../subscriptions/v1/subscription.fields.ts';

/** Derived from the saga that created it, so a repeated create names the same data service. */
export const DataServiceId = z.string().regex(/^ds-[0-9a-f-]{36}$/, 'must be ds-<subscription id>');
export const ExpertId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,63}$/, 'must be 2-64 characters');
export const DATA_SERVICE_STATUSES = ['CREATED', 'EXPERT_ASSIGNED', 'STARTED', 'TERMINATED'] as const;
export const DataServiceStatus = z.enum(DATA_SERVICE_STATUSES);

export const Cloud = StepArgs.shape.cloud.unwrap();
export type Cloud = z.infer<typeof Cloud>;
export const Dataset = StepArgs.shape.dataset.unwrap();
export type Dataset = z.infer<typeof Dataset>;

export const DataServiceRef = { dataServiceId: DataServiceId, subscriptionId: SubscriptionId };
export { ClientCode, PlanCode, SubscriptionId };
