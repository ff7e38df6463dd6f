/** NotificationRequested v1: a saga asks the notifications context to tell a client something (by template). */
import { z } from 'zod';
import { defineEvent } from '../../message.ts';
import { ClientCode, SubscriptionId } from '../../subscriptions/v1/subscription.fields.ts';

// Ids and a template name only: notifications resolves the address and renders the text itself.
export const NotificationRequestedV1 = defineEvent(
  'sagas',
  'notification-requested',
  1,
  z.object({
    notificationId: z.string().min(1).max(120),
    sagaId: SubscriptionId,
    subscriptionId: SubscriptionId,
    clientCode: ClientCode,
    template: z.string().regex(/^[a-z][a-z0-9-]{1,60}$/),
    reason: z.string().max(300).optional(),
    requestedAt: z.iso.datetime(),
  }),
);
export type NotificationRequested = z.infer<typeof NotificationRequestedV1.schema>;
