/**
 * DeliverNotification (Pub/Sub) — one delivery attempt. Retries are scheduled by publishing the next attempt
 * with `notBefore`; Pub/Sub has no delayed delivery, so a message that arrives early is nacked and comes back
 * after the subscription's retry backoff (1 s → 60 s), or waited for in-process when it is due within seconds.
 * (Production alternative: Cloud Tasks with a scheduleTime; it has no emulator, this runs on the local suite.)
 * The channel is called outside the transaction: only the outcome is recorded transactionally, so a stream
 * lock is never held during network I/O. A crash between sending and recording re-sends the same attempt,
 * which receivers drop by its Message-ID / Idempotency-Key.
 */

import type { MessageData } from '../../../schemas/message.ts';
import { DeliverNotificationV1 } from '../../../schemas/notifications/v1/deliver-notification.command.ts';
import { toPubsubMessage } from '../../platform/messaging/cloudevent.ts';
import { deadLetter } from '../../platform/messaging/dead-letter.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { openAddress } from '../adapters/address-vault.ts';
import { readStreamRecords } from '../adapters/event-store.ts';
import { loadNotification, saveNotification } from '../adapters/notification.repository.ts';
import { channelFor } from '../channels/channels.ts';
import { decide, fold, type NotificationState } from '../domain/notification.decider.ts';
import { outgoing } from '../domain/outgoing.ts';
import { render } from '../domain/render.ts';
import { notificationsConfig } from '../notifications.config.ts';

/** Longest wait done in-process; anything later goes back to Pub/Sub. */
const MAX_INLINE_WAIT_MS = 15_000;

class NotYetDue extends Error {
  override name = 'NotYetDue';
}

const awaiting = (s: NotificationState, attempt: number) =>
  (s.status === 'created' || s.status === 'retrying') && s.attempts + 1 === attempt;

export default eventHandler({
  accepts: [DeliverNotificationV1],
  async handle({ data, envelope }, { tx, emit, log }) {
    const wait = Date.parse(data.notBefore) - Date.now();
    if (wait > MAX_INLINE_WAIT_MS) throw new NotYetDue(`attempt ${data.attempt} not due yet`);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));

    const before = fold((await readStreamRecords(data.notificationId)).map((r) => r.event));
    if (before.status === 'none' || !awaiting(before, data.attempt)) {
      log.info('attempt no longer awaited', { notificationId: data.notificationId, attempt: data.attempt });
      return [];
    }
    const rendered = render(before.template, before.language, before.values);
    const outcome = rendered.ok
      ? await channelFor(before.channel).send({
          ...rendered.message,
          notificationId: before.id,
          attempt: data.attempt,
          template: before.template,
          language: before.language,
          to: await openAddress(before.to, before.recipientId),
        })
      : { ok: false as const, reason: rendered.reason, retryable: false };

    const state = await loadNotification(tx, data.notificationId);
    const cfg = notificationsConfig();
    const decision = decide(
      {
        type: 'RecordAttempt',
        attempt: data.attempt,
        outcome,
        retry: { baseMs: cfg.retryBaseMs, maxDelayMs: cfg.retryMaxDelayMs },
        at: new Date(),
      },
      state,
    );
    if (!decision.ok) {
      log.info('attempt outcome not recorded', {
        rejection: decision.rejection,
        notificationId: data.notificationId,
      });
      return [];
    }
    const next = await saveNotification(tx, data.notificationId, state, decision.events);
    log.info('delivery attempt recorded', {
      notificationId: next.status === 'none' ? '' : next.id,
      attempt: data.attempt,
      status: next.status,
      reason: outcome.ok ? undefined : outcome.reason,
    });
    if (next.status === 'dead-lettered') {
      const m = toPubsubMessage(envelope);
      await deadLetter(
        'deliver-notification',
        { data: m.data.toString('base64'), attributes: m.attributes, messageId: envelope.id },
        `delivery failed permanently: ${next.lastReason ?? 'unknown'}`,
        log,
      );
    }
    return outgoing(next, decision.events).map((o) =>
      emit(o.def, o.data as MessageData<typeof o.def>, { subject: data.notificationId }),
    );
  },
});
