/** The data service as its queries show it, and the expert registry's HTTP bodies. */
import { z } from 'zod';
import {
  ClientCode,
  Cloud,
  DataServiceId,
  DataServiceStatus,
  Dataset,
  ExpertId,
  PlanCode,
  SubscriptionId,
} from './data-service.fields.ts';

export const DataServiceView = z.object({
  id: DataServiceId,
  subscriptionId: SubscriptionId,
  clientCode: ClientCode,
  planCode: PlanCode,
  status: DataServiceStatus,
  cloud: Cloud,
  dataset: Dataset,
  /** The assigned expert: shown to admins and that expert; a client sees only `expertAssigned`. */
  expertId: ExpertId.optional(),
  expertAssigned: z.boolean().optional(),
  /** Anonymized image ids the client was granted when the service started (the dataset manifest). */
  imageIds: z.array(z.string()),
  version: z.number().int().nonnegative(),
});
export type DataServiceView = z.infer<typeof DataServiceView>;
export const DataServiceIdParams = z.object({ id: DataServiceId });

/** `PUT /experts/{id}`: an expert (an Identity Platform user with role `expert`) and how many services they take. */
export const ExpertBody = z.strictObject({
  capacity: z.number().int().min(0).max(100),
  specialties: z.array(z.string().min(1).max(64)).max(20).default([]),
});
export const Expert = z.object({
  id: ExpertId,
  capacity: z.number().int().nonnegative(),
  load: z.number().int().nonnegative(),
  /** capacity − load, stored so "who is free" is one indexed query. */
  available: z.number().int(),
  specialties: z.array(z.string()),
});
export type Expert = z.infer<typeof Expert>;
export const ExpertIdParams = z.object({ id: ExpertId });
export const ExpertList = z.object({ items: z.array(Expert) });
