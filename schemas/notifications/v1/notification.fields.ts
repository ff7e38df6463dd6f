/** Field rules shared by the notifications commands, stored events, read model and HTTP bodies. */
import { z } from 'zod';

export const NotificationId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 characters: A-Z a-z 0-9 _ -');
/** Who a notification is for, by id only (`user:<uid>`, `center:<centerId>`, `client:<uid>`…): never an address. */
export const RecipientId = z
  .string()
  .regex(
    /^(user|center|client|expert|adhoc):[A-Za-z0-9_-]{1,128}$/,
    'must be <kind>:<id>, kind user|center|client|expert|adhoc',
  );
export const Channel = z.enum(['email', 'webhook']);
export type Channel = z.infer<typeof Channel>;
export const Language = z.enum(['es', 'en']);
export type Language = z.infer<typeof Language>;
/** A template name; whether it exists is the decider's question (a missing one is a recorded failure). */
export const TemplateName = z.string().regex(/^[a-z][a-z0-9-]{1,63}$/, 'must be kebab-case');
/** Values a template may show: ids, codes and counts only, never personal data. */
export const TemplateValues = z.record(
  z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/),
  z.union([z.string().max(200), z.number()]),
);
export type TemplateValues = z.infer<typeof TemplateValues>;
/** A field sealed by the tokens context (field encryption under a KMS-wrapped key); opaque here. */
export const Sealed = z.custom<object>((v) => typeof v === 'object' && v !== null, 'must be a sealed field');
export const NotificationStatus = z.enum(['created', 'retrying', 'sent', 'confirmed', 'dead-lettered']);
export type NotificationStatus = z.infer<typeof NotificationStatus>;
/** What caused a notification: the integration event (type + id) or the request that asked for it. */
export const Cause = z.object({ type: z.string().min(1).max(200), id: z.string().min(1).max(200) });
