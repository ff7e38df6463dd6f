/** What a decision publishes: integration events for other contexts, and the next delivery attempt for us. */
import type { MessageDef } from '../../../schemas/message.ts';
import { DeliverNotificationV1 } from '../../../schemas/notifications/v1/deliver-notification.command.ts';
import {
  NotificationConfirmedV1,
  NotificationCreatedV1,
  NotificationFailedV1,
  NotificationSentV1,
} from '../../../schemas/notifications/v1/notification-integration.events.ts';
import type { NotificationEvent, NotificationState } from './notification.decider.ts';

export interface Outgoing {
  def: MessageDef;
  data: Record<string, unknown>;
}

/** Maps stored events to messages; `state` is the state after them (for the recipient and template ids). */
export function outgoing(state: NotificationState, events: readonly NotificationEvent[]): Outgoing[] {
  if (state.status === 'none') return [];
  const ids = { notificationId: state.id, recipientId: state.recipientId, template: state.template };
  return events.flatMap((e): Outgoing[] => {
    switch (e.type) {
      case 'NotificationRequested':
      case 'NotificationAmended':
        return [];
      case 'NotificationCreated':
        return [
          { def: NotificationCreatedV1, data: { ...ids, channel: state.channel, createdAt: e.data.at } },
          {
            def: DeliverNotificationV1,
            data: { notificationId: state.id, attempt: 1, notBefore: state.holdUntil ?? e.data.at },
          },
        ];
      case 'NotificationSent':
        return [{ def: NotificationSentV1, data: { ...ids, attempt: e.data.attempt, sentAt: e.data.at } }];
      case 'NotificationFailed':
        // A permanent failure is announced once, by the dead-lettering that always follows it.
        if (!e.data.retryable) return [];
        return [
          {
            def: NotificationFailedV1,
            data: {
              ...ids,
              attempt: e.data.attempt,
              reason: e.data.reason,
              permanent: false,
              failedAt: e.data.at,
            },
          },
          {
            def: DeliverNotificationV1,
            data: { notificationId: state.id, attempt: e.data.attempt + 1, notBefore: e.data.nextAttemptAt },
          },
        ];
      case 'NotificationDeadLettered':
        return [
          {
            def: NotificationFailedV1,
            data: {
              ...ids,
              attempt: e.data.attempts,
              reason: e.data.reason,
              permanent: true,
              failedAt: e.data.at,
            },
          },
        ];
      case 'NotificationConfirmed':
        return [{ def: NotificationConfirmedV1, data: { ...ids, confirmedAt: e.data.at } }];
      default: {
        const unknown: never = e;
        throw new Error(`unknown event ${JSON.stringify(unknown)}`);
      }
    }
  });
}
