/** The events stored in a notification's stream (the event store's documents), one schema per event type. */
import { z } from 'zod';
import {
  Cause,
  Channel,
  Language,
  NotificationId,
  RecipientId,
  Sealed,
  TemplateName,
  TemplateValues,
} from './notification.fields.ts';

const At = z.iso.datetime();

export const NotificationRequestedData = z.object({
  notificationId: NotificationId,
  recipientId: RecipientId,
  channel: Channel,
  /** The address, sealed: the store never holds it in plaintext. */
  to: Sealed,
  template: TemplateName,
  language: Language,
  values: TemplateValues,
  cause: Cause,
  maxAttempts: z.number().int().min(1).max(10),
  /** Digests (e.g. rejections of one upload) are held this long so later details join the same message. */
  holdUntil: At.optional(),
  at: At,
});
/** More details for a notification not yet delivered (the digest grows); values replace the earlier ones. */
export const NotificationAmendedData = z.object({
  notificationId: NotificationId,
  values: TemplateValues,
  at: At,
});
export const NotificationCreatedData = z.object({
  notificationId: NotificationId,
  subject: z.string().max(300),
  at: At,
});
export const NotificationSentData = z.object({
  notificationId: NotificationId,
  attempt: z.number().int().min(1),
  /** The channel's acceptance id (SMTP queue id, webhook status). */
  receipt: z.string().max(200),
  at: At,
});
export const NotificationFailedData = z.object({
  notificationId: NotificationId,
  /** 0 when the notification could not even be created (e.g. its template is missing). */
  attempt: z.number().int().min(0),
  /** A code (`smtp-550`, `http-500`, `template-missing`), never a server's free text. */
  reason: z.string().max(200),
  retryable: z.boolean(),
  nextAttemptAt: At.optional(),
  at: At,
});
export const NotificationConfirmedData = z.object({
  notificationId: NotificationId,
  receipt: z.string().max(200),
  at: At,
});
export const NotificationDeadLetteredData = z.object({
  notificationId: NotificationId,
  attempts: z.number().int().min(0),
  reason: z.string().max(200),
  at: At,
});

export const StoredNotificationEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('NotificationRequested'), data: NotificationRequestedData }),
  z.object({ type: z.literal('NotificationCreated'), data: NotificationCreatedData }),
  z.object({ type: z.literal('NotificationAmended'), data: NotificationAmendedData }),
  z.object({ type: z.literal('NotificationSent'), data: NotificationSentData }),
  z.object({ type: z.literal('NotificationFailed'), data: NotificationFailedData }),
  z.object({ type: z.literal('NotificationConfirmed'), data: NotificationConfirmedData }),
  z.object({ type: z.literal('NotificationDeadLettered'), data: NotificationDeadLetteredData }),
]);
export type NotificationEvent = z.infer<typeof StoredNotificationEvent>;

/** One event document: `notification-streams/{streamId}/events/{version}`. */
export const EventRecord = z.object({
  streamId: NotificationId,
  version: z.number().int().min(1),
  /** Global replay order without a counter document (see adapters/event-store.ts). */
  position: z.string(),
  event: StoredNotificationEvent,
});
export type EventRecord = z.infer<typeof EventRecord>;
