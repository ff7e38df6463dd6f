/** Saga step: ask the notifications context to notify the client (NotificationRequested on `sagas.events`). */
import { NotificationRequestedV1 } from '../../../schemas/sagas/v1/notification-requested.event.ts';
import { sagaStep } from '../../platform/saga/saga-step.ts';

export default sagaStep(
  {
    async perform(req, { emit, at }) {
      const template = req.args.template ?? 'subscription-update';
      const data = {
        // One notice per saga step: a retried step re-sends the same id, which notifications dedupes.
        notificationId: `${req.sagaId}~${req.step}`,
        sagaId: req.sagaId,
        subscriptionId: req.subscriptionId,
        clientCode: req.clientCode,
        template,
        ...(req.reason ? { reason: req.reason } : {}),
        requestedAt: at.toISOString(),
      };
      return { ok: true, events: [emit(NotificationRequestedV1, data, { subject: req.subscriptionId })] };
    },
    // A notice cannot be unsent: compensating it is recording that the failure notice supersedes it.
    async compensate() {
      return { ok: true, events: [] };
    },
  },
  'saga-notify-client',
  'sagas',
);
