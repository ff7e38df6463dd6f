/**
 * ImageAnonymized (imaging.events) — keeps this context's own index of anonymized images by the facts
 * datasets filter on (modality, region, pathology), so starting a data service never reads imaging's
 * collections. Ids and codes only; the pseudonymous patient token is not copied.
 */
import { ImageAnonymizedV1 } from '../../../schemas/imaging/v1/image-anonymized.event.ts';
import { ImageHeldForReviewV1 } from '../../../schemas/imaging/v1/image-held-for-review.event.ts';
import { ImageRejectedV1 } from '../../../schemas/imaging/v1/image-rejected.event.ts';
import { db } from '../../platform/clients.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { DATA_SERVICES_IMAGES } from '../adapters/image-catalogue.port.ts';

export default eventHandler({
  // Rejected and held uploads never become dataset images: acknowledged and ignored.
  accepts: [ImageAnonymizedV1, ImageRejectedV1, ImageHeldForReviewV1],
  async handle(message, { tx }) {
    if (message.type !== ImageAnonymizedV1.type) return [];
    const { data } = message;
    tx.set(db().collection(DATA_SERVICES_IMAGES).doc(data.imageId), {
      imageId: data.imageId,
      centerId: data.centerId,
      centerCode: data.centerCode,
      modality: data.modality,
      region: data.region,
      ...(data.pathology ? { pathology: data.pathology } : {}),
      format: data.format,
      object: data.object,
      ingestedAt: data.ingestedAt,
    });
    return [];
  },
});
