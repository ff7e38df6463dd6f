/** The saga's step calls and its log (seed 002 saga log: RECEIVED → PROCESSED | FAILED | COMPENSATED). */
import { z } from 'zod';
import { StepArgs } from '../../subscriptions/v1/plan.ts';
import { ClientCode, PlanCode, SubscriptionId } from '../../subscriptions/v1/subscription.fields.ts';

/** One saga per subscription creation: its id is the subscription id. */
export const SagaId = SubscriptionId;
export const StepName = z.string().regex(/^[a-z][a-z0-9-]{1,40}$/);

/** What the workflow posts to every step function. */
export const StepRequest = z.strictObject({
  sagaId: SagaId,
  subscriptionId: SubscriptionId,
  clientCode: ClientCode,
  /** The owning client's uid (null on sagas started before it was carried): whose data service it is. */
  userId: z.string().min(1).nullish(),
  planCode: PlanCode,
  step: StepName,
  /** `do` performs the step; `undo` compensates it after a later step failed. */
  phase: z.enum(['do', 'undo']).default('do'),
  args: StepArgs.default({}),
  /** Compensations get the reason the saga failed, for the log and the client's notice (null: none). */
  reason: z.string().max(300).nullish(),
});
export type StepRequest = z.infer<typeof StepRequest>;

export const StepResult = z.object({
  step: StepName,
  outcome: z.enum(['done', 'compensated']),
  replay: z.boolean(),
});

export const LOG_STATUSES = ['RECEIVED', 'PROCESSED', 'FAILED', 'COMPENSATED'] as const;
export const LogStatus = z.enum(LOG_STATUSES);
export type LogStatus = z.infer<typeof LogStatus>;

export const LogEntry = z.object({
  status: LogStatus,
  at: z.iso.datetime(),
  attempt: z.number().int().nonnegative(),
  reason: z.string().optional(),
});
export type LogEntry = z.infer<typeof LogEntry>;

/** One step of one saga: its latest status and every transition (the saga log rows). */
export const StepLog = z.object({
  sagaId: SagaId,
  subscriptionId: SubscriptionId,
  step: StepName,
  status: LogStatus,
  attempt: z.number().int().nonnegative(),
  reason: z.string().optional(),
  updatedAt: z.iso.datetime(),
  history: z.array(LogEntry),
});
export type StepLog = z.infer<typeof StepLog>;

/** The saga as a whole: RECEIVED while running, PROCESSED when the subscription is active, COMPENSATED
 * when it failed and everything done was undone, FAILED when even compensation could not finish. */
export const SagaView = z.object({
  sagaId: SagaId,
  subscriptionId: SubscriptionId,
  planCode: PlanCode,
  status: LogStatus,
  steps: z.array(StepName),
  reason: z.string().optional(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().optional(),
  timeline: z.array(StepLog),
});
export type SagaView = z.infer<typeof SagaView>;

/** What the workflow posts when the saga starts and ends, and when a step exhausted its retries. */
export const SagaRecordRequest = z.strictObject({
  sagaId: SagaId,
  step: StepName.optional(),
  status: LogStatus,
  reason: z.string().max(300).optional(),
  /** The Workflows error map that ended a step (summarised into `reason`, values dropped). */
  error: z.unknown().optional(),
});
export type SagaRecordRequest = z.infer<typeof SagaRecordRequest>;

/** What the workflow posts first: the Pub/Sub message it was started with, decoded. */
export const SagaStartRequest = z.strictObject({
  type: z.string().max(200),
  eventId: z.string().max(200),
  data: z.unknown(),
});

export const SagaIdParams = z.object({ id: SagaId });
export const SagaLogsQuery = z.strictObject({
  subscriptionId: SubscriptionId.optional(),
  status: LogStatus.optional(),
});
export const SagaLogs = z.object({ items: z.array(StepLog) });

/** `GET /saga/plan-steps`: the step functions a plan's provisioning may name. */
export const PlanStepList = z.object({
  items: z.array(z.object({ name: z.string(), description: z.string() })),
});
export type PlanStepList = z.infer<typeof PlanStepList>;
