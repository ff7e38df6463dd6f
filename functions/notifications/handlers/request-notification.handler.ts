/** POST /notifications — an admin asks for a notification to an explicit e-mail or webhook; a bad address is a 400. */
import { randomUUID } from 'node:crypto';
import { NotificationView } from '../../../schemas/notifications/v1/notification.view.ts';
import { RequestNotificationBody } from '../../../schemas/notifications/v1/request-notification.body.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { commitWithEvents } from '../../platform/messaging/outbox.ts';
import { toView } from '../domain/notification.projection.ts';
import { outgoingEnvelopes } from '../publish-outgoing.ts';
import { notificationIdFor, requestNotification } from '../request-notification.ts';

export default httpHandler({
  body: RequestNotificationBody,
  responses: { 201: NotificationView, 400: Problem },
  async handle(ctx) {
    const { body, principal } = ctx;
    // With an Idempotency-Key a retried request finds the notification it created the first time.
    const notificationId = ctx.idempotencyKey
      ? notificationIdFor('request-notification', principal.uid, ctx.idempotencyKey)
      : randomUUID().replaceAll('-', '');
    const outcome = await commitWithEvents(async (tx) => {
      const o = await requestNotification(tx, {
        notificationId,
        recipientId: body.recipient,
        template: body.template,
        values: body.values,
        language: body.language,
        explicit: { channel: body.channel, address: body.to },
        ...(body.maxAttempts ? { maxAttempts: body.maxAttempts } : {}),
        cause: { type: 'http:POST /notifications', id: ctx.correlationId },
        at: new Date(),
      });
      return { result: o, events: o.ok ? outgoingEnvelopes(ctx, notificationId, o.publish) : [] };
    }, ctx.log);
    if (!outcome.ok)
      return problem(400, 'validation', 'invalid body', [
        { field: 'body.to', message: outcome.detail ?? outcome.reason },
      ]);
    return {
      status: outcome.duplicate ? 200 : 201,
      headers: { Location: `/notifications/${notificationId}` },
      body: toView(outcome.state) ?? { id: notificationId },
    };
  },
});
