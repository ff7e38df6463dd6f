/** Field rules shared by the subscriptions commands, events, plans and documents. */
import { z } from 'zod';

export const SubscriptionId = z.uuid();
/** The client's business code (seed `cliente.codigo`): an account reference, not personal data. */
export const ClientCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/, 'must be 1-32 characters: letters, digits and -');
/** A plan code (seed `plan.codigo`: `pro`); lower case so `PRO` and `pro` cannot name two plans. */
export const PlanCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9-]{1,31}$/, 'must be 2-32 characters: a-z, 0-9 and -, starting with a letter');
export const SUBSCRIPTION_STATUSES = ['PENDING', 'ACTIVE', 'PAST_DUE', 'FAILED', 'CANCELLED'] as const;
export const SubscriptionStatus = z.enum(SUBSCRIPTION_STATUSES);
export type SubscriptionStatus = z.infer<typeof SubscriptionStatus>;
/** ISO 4217 code and an amount in minor units (cents), so money never goes through floating point. */
export const Money = z.strictObject({
  amountMinor: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. COP'),
});
export type Money = z.infer<typeof Money>;

/**
 * The client's personal data as the platform keeps it: identity numbers as pseudonyms (tokens context),
 * e-mail and names sealed (encrypted with associated data). Never in events, logs or read models.
 */
/** A value sealed by the tokens context (`functions/tokens/lib` `sealField`): ciphertext and key version. */
const Sealed = z.object({
  v: z.literal(1),
  alg: z.string().min(1),
  keyVersion: z.number().int().positive(),
  salt: z.string().min(1),
  iv: z.string().min(1),
  ct: z.string(),
  tag: z.string().min(1),
});

export const ProtectedClient = z.strictObject({
  rutToken: z.string().min(1),
  cedulaToken: z.string().min(1),
  sealedEmail: Sealed,
  /** Names and surnames, sealed together as JSON. */
  sealedName: Sealed,
});
export type ProtectedClient = z.infer<typeof ProtectedClient>;

/** What a client tells us about themselves (our English body; the seed route maps onto it). */
export const ClientProfile = z.strictObject({
  names: z.string().trim().min(1).max(120),
  surnames: z.string().trim().min(1).max(120),
  rut: z
    .string()
    .trim()
    .regex(/^[0-9.\-kK]{1,20}$/, 'must be digits (with optional . - and K)'),
  cedula: z
    .string()
    .trim()
    .regex(/^[0-9.-]{1,20}$/, 'must be digits (with optional . and -)'),
  email: z.email().max(254),
});
export type ClientProfile = z.infer<typeof ClientProfile>;
