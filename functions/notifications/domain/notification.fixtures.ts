/** Shared events and values of one notification's story, for the decider and outgoing specifications. */
import type { NotificationEvent } from './notification.decider.ts';

type Of<T extends NotificationEvent['type']> = Extract<NotificationEvent, { type: T }>;

export const at = new Date('2026-11-23T10:00:00.000Z');
export const later = (ms: number) => new Date(at.getTime() + ms);
export const id = 'n-0000000001';
export const sealed = { sealed: true };

export const requested: Of<'NotificationRequested'> = {
  type: 'NotificationRequested',
  data: {
    notificationId: id,
    recipientId: 'user:u1',
    channel: 'email',
    to: sealed,
    template: 'welcome',
    language: 'es',
    values: { role: 'client' },
    cause: { type: 'saludtech.identity.user-registered.v1', id: 'e1' },
    maxAttempts: 3,
    at: at.toISOString(),
  },
};
export const created: Of<'NotificationCreated'> = {
  type: 'NotificationCreated',
  data: { notificationId: id, subject: 'Bienvenido a SaludTech Alpes', at: at.toISOString() },
};
export const failed = (n: number, t: Date, next?: Date): Of<'NotificationFailed'> => ({
  type: 'NotificationFailed',
  data: {
    notificationId: id,
    attempt: n,
    reason: 'http-500',
    retryable: next !== undefined,
    ...(next ? { nextAttemptAt: next.toISOString() } : {}),
    at: t.toISOString(),
  },
});
