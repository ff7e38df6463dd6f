/**
 * Imaging events (Pub/Sub) — counts each finished image into its upload's summary (`GET /uploads/{id}`):
 * anonymized, held for review, or rejected by reason; a reprocessed image moves its original's count.
 */
import { ImageAnonymizedV1 } from '../../../schemas/imaging/v1/image-anonymized.event.ts';
import { ImageHeldForReviewV1 } from '../../../schemas/imaging/v1/image-held-for-review.event.ts';
import { ImageRejectedV1 } from '../../../schemas/imaging/v1/image-rejected.event.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { countIntoSummary } from '../adapters/uploads.repository.ts';

export default eventHandler({
  accepts: [ImageAnonymizedV1, ImageRejectedV1, ImageHeldForReviewV1],
  async handle(message, { tx }) {
    // The platform's dedupe (same transaction) makes each event count once.
    switch (message.type) {
      case ImageAnonymizedV1.type:
        await countIntoSummary(tx, message.data, { status: 'anonymized' });
        break;
      case ImageHeldForReviewV1.type:
        await countIntoSummary(tx, message.data, { status: 'held' });
        break;
      case ImageRejectedV1.type: {
        const { data } = message;
        if (data.uploadId)
          await countIntoSummary(
            tx,
            { ...data, uploadId: data.uploadId },
            { status: 'rejected', reason: data.reason },
          );
        break;
      }
    }
    return [];
  },
});
