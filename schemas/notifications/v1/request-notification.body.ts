/** HTTP bodies of the notifications context: requests, receipts and recipients. */
import { z } from 'zod';
import { Channel, Language, RecipientId, TemplateName, TemplateValues } from './notification.fields.ts';

/** The address is checked by the decider (email syntax, webhook URL), so a bad one is a 400 naming `body.to`. */
export const RequestNotificationBody = z.strictObject({
  recipient: RecipientId,
  channel: Channel,
  to: z.string().min(1).max(2048),
  template: TemplateName,
  language: Language.default('es'),
  values: TemplateValues.default({}),
  maxAttempts: z.number().int().min(1).max(10).optional(),
});
export type RequestNotificationBody = z.infer<typeof RequestNotificationBody>;

/** A delivery receipt from the mail provider (locally: the SMTP sink), HMAC-signed. */
export const DeliveryReceiptBody = z.strictObject({
  notificationId: z.string().min(1).max(64),
  receipt: z.string().min(1).max(200),
  status: z.enum(['delivered']),
});

/** `PUT /notifications/recipients/{id}`: where a recipient wants to be reached (sealed on arrival). */
export const PutRecipientBody = z.strictObject({
  channel: Channel,
  to: z.string().min(1).max(2048),
  language: Language.default('es'),
});
export const RecipientParams = z.object({ id: RecipientId });
export const RecipientSaved = z.object({ recipientId: RecipientId, channel: Channel, language: Language });
