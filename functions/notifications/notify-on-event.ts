/** Builds a Pub/Sub function that turns one integration event type into one notification (others on the topic are skipped). */
import type { Transaction } from '@google-cloud/firestore';
import type { MessageData, MessageDef } from '../../schemas/message.ts';
import type { Language, TemplateValues } from '../../schemas/notifications/v1/notification.fields.ts';
import type { Envelope } from '../platform/messaging/cloudevent.ts';
import { type EventHandlerDef, eventHandler, isMessage } from '../platform/messaging/event-handler.ts';
import { recordUndeliverable } from './adapters/undeliverable.ts';
import { notificationIdFor, requestNotification } from './request-notification.ts';

export interface NotificationIntent {
  recipientId: string;
  template: string;
  values: TemplateValues;
  language?: Language;
  /** The producer's own id for this notification, when it has one (else the event's source and id). */
  idKey?: string;
}

/** Nobody is known to tell: recorded (ids and a reason code) and acked, never sent to a guessed recipient. */
export interface Undeliverable {
  undeliverable: string;
  /** The aggregate the event was about (e.g. the subscription id). */
  subject: string;
}

type Intent = NotificationIntent | Undeliverable | undefined;

/**
 * `accepts` is everything the topic carries (the manifest demands it); only `wanted` notifies. In production a
 * subscription filter on `ce-type` would keep the other types away from this function altogether.
 */
export function notifyOn<W extends MessageDef>(
  accepts: readonly MessageDef[],
  wanted: W,
  intent: (data: MessageData<W>, envelope: Envelope, tx: Transaction) => Intent | Promise<Intent>,
): EventHandlerDef {
  return eventHandler({
    accepts,
    async handle(message, { tx, emit, log }) {
      if (!isMessage(message, wanted)) return [];
      const { data, envelope } = message;
      const want = await intent(data, envelope, tx);
      if (!want) return [];
      if ('undeliverable' in want) {
        const id = notificationIdFor(envelope.source, envelope.id, 'undeliverable');
        recordUndeliverable(tx, id, {
          reason: want.undeliverable,
          cause: { type: envelope.type, id: envelope.id },
          subject: want.subject,
          at: new Date(envelope.time).toISOString(),
        });
        log.warn('notification undeliverable', { reason: want.undeliverable, subject: want.subject });
        return [];
      }
      const { idKey, ...request } = want;
      const notificationId = idKey
        ? notificationIdFor('keyed', idKey, want.recipientId)
        : notificationIdFor(envelope.source, envelope.id, want.recipientId, want.template);
      const outcome = await requestNotification(tx, {
        ...request,
        notificationId,
        cause: { type: envelope.type, id: envelope.id },
        at: new Date(envelope.time),
      });
      if (!outcome.ok) {
        // Ids and a code only: the recipient's address is never logged.
        log.warn('notification not created', {
          reason: outcome.reason,
          recipientId: want.recipientId,
          notificationId,
        });
        return [];
      }
      return outcome.publish.map((o) =>
        emit(o.def, o.data as MessageData<typeof o.def>, { subject: notificationId }),
      );
    },
  });
}
