/** GET /notifications/{id}/events — the notification's stream, the audit trail (the sealed address left out). */
import {
  NotificationAuditTrail,
  NotificationIdParams,
} from '../../../schemas/notifications/v1/notification.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { readStreamRecords } from '../adapters/event-store.ts';

export default httpHandler({
  params: NotificationIdParams,
  responses: { 200: NotificationAuditTrail, 404: Problem },
  async handle({ params }) {
    const records = await readStreamRecords(params.id);
    if (records.length === 0) return problem(404, 'not-found', 'no such notification');
    const events = records.map((r) => {
      const { to: _sealed, ...data } = r.event.data as Record<string, unknown>;
      return { version: r.version, type: r.event.type, data };
    });
    return ok({ id: params.id, events });
  },
});
