/** Integration events of the notifications context: ids, template names and reason codes only. */
import { z } from 'zod';
import { defineEvent } from '../../message.ts';
import { Channel, NotificationId, RecipientId, TemplateName } from './notification.fields.ts';

const Base = { notificationId: NotificationId, recipientId: RecipientId, template: TemplateName };

export const NotificationCreatedV1 = defineEvent(
  'notifications',
  'created',
  1,
  z.object({ ...Base, channel: Channel, createdAt: z.iso.datetime() }),
);
export const NotificationSentV1 = defineEvent(
  'notifications',
  'sent',
  1,
  z.object({ ...Base, attempt: z.number().int().min(1), sentAt: z.iso.datetime() }),
);
export const NotificationFailedV1 = defineEvent(
  'notifications',
  'failed',
  1,
  z.object({
    ...Base,
    attempt: z.number().int().min(0),
    reason: z.string().max(200),
    /** True once no further attempt will be made (the notification is dead-lettered). */
    permanent: z.boolean(),
    failedAt: z.iso.datetime(),
  }),
);
export const NotificationConfirmedV1 = defineEvent(
  'notifications',
  'confirmed',
  1,
  z.object({ ...Base, confirmedAt: z.iso.datetime() }),
);
