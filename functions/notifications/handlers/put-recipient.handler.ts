/**
 * PUT /notifications/recipients/{id} — sets where a recipient is reached (e-mail or webhook), sealed. Admins set
 * any recipient (e.g. a client's webhook); a user may set their own `user:<uid>`. A bad address is a 400.
 */
import {
  PutRecipientBody,
  RecipientParams,
  RecipientSaved,
} from '../../../schemas/notifications/v1/request-notification.body.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { db } from '../../platform/clients.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { putRecipient } from '../adapters/recipient-directory.ts';
import { addressProblem } from '../domain/address.ts';
import { notificationsConfig } from '../notifications.config.ts';

export default httpHandler({
  params: RecipientParams,
  body: PutRecipientBody,
  responses: { 200: RecipientSaved, 400: Problem, 403: Problem },
  async handle({ params, body, principal }) {
    if (!principal.roles.includes('admin') && params.id !== `user:${principal.uid}`)
      return problem(403, 'forbidden', 'only admins set other recipients');
    const bad = addressProblem(body.channel, body.to, {
      allowLoopbackHttp: notificationsConfig().allowLoopbackHttp,
    });
    if (bad) return problem(400, 'validation', 'invalid body', [{ field: 'body.to', message: bad }]);
    await db().runTransaction((tx) => putRecipient(tx, params.id, body.channel, body.to, body.language));
    return ok({ recipientId: params.id, channel: body.channel, language: body.language });
  },
});
