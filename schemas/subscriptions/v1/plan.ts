/**
 * A plan is data: price, period and the provisioning steps the subscription saga runs for it. A new plan
 * (or a new mix of existing step functions) needs no code change, only a `PUT /plans/{code}`.
 */
import { z } from 'zod';
import { Money, PlanCode } from './subscription.fields.ts';

/** An internal step function (a `workflowStep` of the manifest), called by the saga by name. */
const StepFunction = z.string().regex(/^saga-[a-z0-9-]{1,60}$/, 'must name a saga step function (saga-…)');

const CodeName = { code: z.string().min(1).max(64), name: z.string().min(1).max(120) };

/** What the provisioning steps of a plan may be told: which cloud and dataset, which notice to send. */
export const StepArgs = z.strictObject({
  cloud: z.strictObject({ ...CodeName, kind: z.enum(['public', 'private', 'hybrid']) }).optional(),
  dataset: z
    .strictObject({
      ...CodeName,
      /** Filters over the anonymized image catalogue; absent means any. */
      filters: z.strictObject({
        modality: z.string().max(16).optional(),
        region: z.string().max(64).optional(),
        pathology: z.string().max(64).optional(),
        /** A center's code: only that center's images. */
        center: z.string().max(32).optional(),
      }),
      /** An explicit dataset manifest: only these anonymized image ids (still within the filters). */
      imageIds: z.array(z.uuid()).max(1000).optional(),
    })
    .optional(),
  /** A notification template name (the notifications context renders it). */
  template: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,60}$/)
    .optional(),
});
export type StepArgs = z.infer<typeof StepArgs>;

export const ProvisioningStep = z.strictObject({
  /** The step's name in the saga log; unique within the plan. */
  step: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'must be kebab-case'),
  /** The function that performs it. */
  call: StepFunction,
  /** The function that undoes it when a later step fails (idempotent; may be shared by several steps). */
  compensate: StepFunction,
  /** Data the step function needs; the vocabulary is closed so every event carrying it stays typed. */
  args: StepArgs.default({}),
});
export type ProvisioningStep = z.infer<typeof ProvisioningStep>;

export const PlanBody = z
  .strictObject({
    name: z.string().trim().min(1).max(80),
    price: Money,
    period: z.enum(['monthly', 'yearly']),
    provisioning: z.array(ProvisioningStep).max(20),
  })
  .refine((p) => new Set(p.provisioning.map((s) => s.step)).size === p.provisioning.length, {
    message: 'step names must be unique within a plan',
    path: ['provisioning'],
  });
export type PlanBody = z.infer<typeof PlanBody>;

export const Plan = z.object({
  code: PlanCode,
  name: z.string(),
  price: Money,
  period: z.enum(['monthly', 'yearly']),
  provisioning: z.array(ProvisioningStep),
  /** Bumped on every change; subscriptions remember the version they were created with. */
  version: z.number().int().positive(),
});
export type Plan = z.infer<typeof Plan>;

export const PlanCodeParams = z.object({ code: PlanCode });
export const PlanList = z.object({ items: z.array(Plan) });
