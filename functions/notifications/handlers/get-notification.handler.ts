/** GET /notifications/{id} — one notification from the read model. */
import {
  NotificationIdParams,
  NotificationView,
} from '../../../schemas/notifications/v1/notification.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { centerCodeOf } from '../adapters/center-codes.ts';
import { findNotificationView } from '../adapters/notification.repository.ts';
import { mayRead } from '../read-access.ts';

export default httpHandler({
  params: NotificationIdParams,
  responses: { 200: NotificationView, 404: Problem },
  async handle({ params, principal }) {
    const view = await findNotificationView(params.id);
    // Someone else's notification is "not found", not "forbidden": ids must not be probeable.
    return view && mayRead(principal, view.recipientId, await centerCodeOf(principal))
      ? ok(view)
      : problem(404, 'not-found', 'no such notification');
  },
});
