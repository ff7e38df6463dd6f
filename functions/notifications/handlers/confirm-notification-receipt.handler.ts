/**
 * POST /notifications/receipts — the mail provider's delivery receipt (locally the SMTP sink), HMAC-signed.
 * A receipt that arrives before the attempt is recorded gets 409, and the provider retries it later.
 */
import { z } from 'zod';
import { DeliveryReceiptBody } from '../../../schemas/notifications/v1/request-notification.body.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { commitWithEvents } from '../../platform/messaging/outbox.ts';
import { loadNotification, saveNotification } from '../adapters/notification.repository.ts';
import { verify } from '../channels/hmac-signature.ts';
import { decide } from '../domain/notification.decider.ts';
import { outgoing } from '../domain/outgoing.ts';
import { notificationsConfig } from '../notifications.config.ts';
import { outgoingEnvelopes } from '../publish-outgoing.ts';

const Body = DeliveryReceiptBody.extend({ signature: z.string().max(200) });

/** The signed payload: the receipt's fields in a fixed order (no raw-body dependency). */
export const receiptPayload = (b: { notificationId: string; receipt: string; status: string }) =>
  `${b.notificationId}\n${b.receipt}\n${b.status}`;

export default httpHandler({
  body: Body,
  async handle(ctx) {
    const { body } = ctx;
    if (!verify(notificationsConfig().receiptSecret, body.signature, receiptPayload(body)))
      return problem(401, 'bad-signature', 'the receipt signature does not verify');
    const result = await commitWithEvents(async (tx) => {
      const state = await loadNotification(tx, body.notificationId);
      const decision = decide({ type: 'ConfirmDelivery', receipt: body.receipt, at: new Date() }, state);
      if (!decision.ok) return { result: decision, events: [] };
      const next = await saveNotification(tx, body.notificationId, state, decision.events);
      const events = outgoingEnvelopes(ctx, body.notificationId, outgoing(next, decision.events));
      return { result: { ok: true as const }, events };
    }, ctx.log);
    if (!result.ok) return problem(409, 'not-sent-yet', `cannot confirm: ${result.rejection}`);
    return ok({ notificationId: body.notificationId, status: 'confirmed' });
  },
});
