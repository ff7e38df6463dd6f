/**
 * ImageRejected (Pub/Sub) — tells the center, one message per upload: the first rejection creates a digest
 * notification held for a short window (NOTIFY_DIGEST_WINDOW_MS); later rejections of the same upload amend it
 * (count, reason codes) until its first delivery attempt; a rejection after that starts a new digest.
 */

import { ImageRejectedV1 } from '../../../schemas/imaging/v1/image-rejected.event.ts';
import type { MessageData } from '../../../schemas/message.ts';
import { topics } from '../../manifest.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { loadNotification, saveNotification } from '../adapters/notification.repository.ts';
import { decide } from '../domain/notification.decider.ts';
import { addRejection } from '../domain/rejection-digest.ts';
import { notificationsConfig } from '../notifications.config.ts';
import { notificationIdFor, requestNotification } from '../request-notification.ts';

/** Digest ids per upload: generation 0, 1, … (a new one once the previous is being delivered). */
const MAX_GENERATIONS = 20;

export default eventHandler({
  accepts: topics['imaging.events'].carries,
  async handle({ def, data: raw, envelope }, { tx, emit, log }) {
    if (def.type !== ImageRejectedV1.type) return [];
    const data = raw as MessageData<typeof ImageRejectedV1>;
    if (!data.centerCode || !data.uploadId) {
      log.warn('rejection outside a center upload: nobody to notify', { imageId: data.imageId });
      return [];
    }
    const recipientId = `center:${data.centerCode}`;
    const at = new Date(envelope.time);
    for (let generation = 0; generation < MAX_GENERATIONS; generation++) {
      const notificationId = notificationIdFor('images-rejected', data.uploadId, String(generation));
      const state = await loadNotification(tx, notificationId);
      if (state.status === 'none') {
        const outcome = await requestNotification(tx, {
          notificationId,
          recipientId,
          template: 'images-rejected',
          values: addRejection(undefined, data.uploadId, data.reason),
          cause: { type: envelope.type, id: envelope.id },
          holdUntil: new Date(at.getTime() + notificationsConfig().digestWindowMs),
          at,
        });
        if (!outcome.ok) {
          log.warn('notification not created', { reason: outcome.reason, recipientId });
          return [];
        }
        return outcome.publish.map((o) =>
          emit(o.def, o.data as MessageData<typeof o.def>, { subject: notificationId }),
        );
      }
      const values = addRejection(state.values, data.uploadId, data.reason);
      // Wall-clock time: the digest closes when its hold ends, however late this event was delivered.
      const decision = decide({ type: 'AmendNotification', values, at: new Date() }, state);
      if (decision.ok) {
        await saveNotification(tx, notificationId, state, decision.events);
        return [];
      }
      // Already being delivered: this rejection goes into the next digest of the upload.
    }
    throw new Error('too many digests for one upload');
  },
});
