/**
 * GET /notifications?recipient=&status= — the read model, paginated; non-admins must ask for their own (a center's
 * users: `center:<centerId>` or `center:<code>`).
 */
import {
  ListNotificationsQuery,
  NotificationPage,
} from '../../../schemas/notifications/v1/notification.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { centerCodeOf } from '../adapters/center-codes.ts';
import { listNotificationViews } from '../adapters/notification.repository.ts';
import { mayRead } from '../read-access.ts';

export default httpHandler({
  query: ListNotificationsQuery,
  responses: { 200: NotificationPage, 403: Problem },
  async handle({ query, principal }) {
    const own = query.recipient && mayRead(principal, query.recipient, await centerCodeOf(principal));
    if (!principal.roles.includes('admin') && !own)
      return problem(403, 'forbidden', 'ask for your own notifications: ?recipient=user:<your uid>');
    const page = await listNotificationViews({
      ...(query.recipient ? { recipient: query.recipient } : {}),
      ...(query.status ? { status: query.status } : {}),
      pageSize: query.pageSize,
      ...(query.pageToken ? { after: query.pageToken } : {}),
    });
    return ok({ items: page.items, ...(page.last ? { nextPageToken: page.last } : {}) });
  },
});
