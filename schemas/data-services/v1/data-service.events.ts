/** The data-services context's integration events (topic `data-services.events`). */
import { z } from 'zod';
import { defineEvent } from '../../message.ts';
import { ClientCode, Cloud, DataServiceRef, Dataset, ExpertId, PlanCode } from './data-service.fields.ts';

const At = z.iso.datetime();

export const DataServiceCreatedV1 = defineEvent(
  'data-services',
  'created',
  1,
  z.object({
    ...DataServiceRef,
    clientCode: ClientCode,
    planCode: PlanCode,
    cloud: Cloud,
    dataset: Dataset,
    createdAt: At,
  }),
);

export const ExpertAssignedV1 = defineEvent(
  'data-services',
  'expert-assigned',
  1,
  z.object({ ...DataServiceRef, expertId: ExpertId, assignedAt: At }),
);

/** The client may now download the dataset: `imageCount` images matched its filters when it started. */
export const DataServiceStartedV1 = defineEvent(
  'data-services',
  'started',
  1,
  z.object({ ...DataServiceRef, imageCount: z.number().int().nonnegative(), startedAt: At }),
);

export const DataServiceTerminatedV1 = defineEvent(
  'data-services',
  'terminated',
  1,
  z.object({
    ...DataServiceRef,
    reason: z.enum(['compensation', 'cancelled', 'admin']),
    terminatedAt: At,
  }),
);

export const DATA_SERVICE_EVENTS = [
  DataServiceCreatedV1,
  ExpertAssignedV1,
  DataServiceStartedV1,
  DataServiceTerminatedV1,
] as const;
