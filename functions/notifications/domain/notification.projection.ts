/** The read-model row of a notification: a pure function of its folded state (so a rebuild gives the same rows). */
import type { NotificationView } from '../../../schemas/notifications/v1/notification.view.ts';
import type { NotificationState } from './notification.decider.ts';

export function toView(state: NotificationState): NotificationView | undefined {
  if (state.status === 'none' || state.status === 'requested') return undefined;
  return {
    id: state.id,
    recipientId: state.recipientId,
    channel: state.channel,
    template: state.template,
    language: state.language,
    status: state.status,
    attempts: state.attempts,
    maxAttempts: state.maxAttempts,
    ...(state.lastReason ? { lastReason: state.lastReason } : {}),
    ...(state.nextAttemptAt ? { nextAttemptAt: state.nextAttemptAt } : {}),
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    version: state.version,
  };
}
