/** The notifications read model and the HTTP bodies that serve it (ids and codes only: no address, no content). */
import { z } from 'zod';
import {
  Channel,
  Language,
  NotificationId,
  NotificationStatus,
  RecipientId,
  TemplateName,
} from './notification.fields.ts';

export const NotificationView = z.object({
  id: NotificationId,
  recipientId: RecipientId,
  channel: Channel,
  template: TemplateName,
  language: Language,
  status: NotificationStatus,
  attempts: z.number().int().min(0),
  maxAttempts: z.number().int().min(1),
  lastReason: z.string().optional(),
  nextAttemptAt: z.iso.datetime().optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int().min(1),
});
export type NotificationView = z.infer<typeof NotificationView>;

export const NotificationPage = z.object({
  items: z.array(NotificationView),
  nextPageToken: z.string().optional(),
});

export const ListNotificationsQuery = z.strictObject({
  recipient: RecipientId.optional(),
  status: NotificationStatus.optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  pageToken: NotificationId.optional(),
});

export const NotificationIdParams = z.object({ id: NotificationId });

/** One entry of `GET /notifications/{id}/events`: the audit trail, with the sealed address left out. */
export const NotificationAuditEntry = z.object({
  version: z.number().int().min(1),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export const NotificationAuditTrail = z.object({
  id: NotificationId,
  events: z.array(NotificationAuditEntry),
});
