/** GET /notifications?recipient=&status= — the read model, paginated; non-admins must ask for their own. */
import {
  ListNotificationsQuery,
  NotificationPage,
} from '../../../schemas/notifications/v1/notification.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { listNotificationViews } from '../adapters/notification.repository.ts';
import { mayRead } from '../read-access.ts';

export default httpHandler({
  query: ListNotificationsQuery,
  responses: { 200: NotificationPage, 403: Problem },
  async handle({ query, principal }) {
    if (!principal.roles.includes('admin') && !(query.recipient && mayRead(principal, query.recipient)))
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
