/** Imaging events (Pub/Sub) — counts each finished image into its upload's summary (`GET /uploads/{id}`). */
import {
  type ImageAnonymized,
  ImageAnonymizedV1,
} from '../../../schemas/imaging/v1/image-anonymized.event.ts';
import { type ImageRejected, ImageRejectedV1 } from '../../../schemas/imaging/v1/image-rejected.event.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { countIntoSummary } from '../adapters/uploads.repository.ts';

export default eventHandler({
  accepts: [ImageAnonymizedV1, ImageRejectedV1],
  async handle(message, { tx }) {
    // The platform's dedupe (same transaction) makes each event count once.
    switch (message.def.type) {
      case ImageAnonymizedV1.type: {
        const { uploadId, centerCode } = message.data as ImageAnonymized;
        countIntoSummary(tx, uploadId, centerCode, { status: 'anonymized' });
        break;
      }
      case ImageRejectedV1.type: {
        const { uploadId, centerCode, reason } = message.data as ImageRejected;
        if (uploadId) countIntoSummary(tx, uploadId, centerCode, { status: 'rejected', reason });
        break;
      }
    }
    return [];
  },
});
