/** DeliverNotification: run one delivery attempt of a notification, not before `notBefore` (retry backoff). */
import { z } from 'zod';
import { defineCommand } from '../../message.ts';
import { NotificationId } from './notification.fields.ts';

export const DeliverNotificationV1 = defineCommand(
  'notifications',
  'deliver-notification',
  1,
  z.object({
    notificationId: NotificationId,
    attempt: z.number().int().min(1),
    notBefore: z.iso.datetime(),
  }),
);
export type DeliverNotification = z.infer<typeof DeliverNotificationV1.schema>;
