/**
 * Imaging events (Pub/Sub) — indexes each anonymized DICOM instance for DICOMweb: reads the ANONYMIZED
 * object's header (never the original) and writes its QIDO attributes beside the catalogue facts the
 * access rules look at. JPEG and PNG images are not DICOM instances: DICOMweb does not serve them.
 */
import { ImageAnonymizedV1 } from '../../../schemas/imaging/v1/image-anonymized.event.ts';
import { ImageHeldForReviewV1 } from '../../../schemas/imaging/v1/image-held-for-review.event.ts';
import { ImageRejectedV1 } from '../../../schemas/imaging/v1/image-rejected.event.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { saveInstance } from '../adapters/dicomweb-index.repository.ts';
import { storedHeader } from '../adapters/dicomweb-objects.ts';
import { indexEntry } from '../domain/dicomweb/instance-index.ts';

export default eventHandler({
  // The topic's other events are filtered out by the subscription; read, they change nothing here.
  accepts: [ImageAnonymizedV1, ImageRejectedV1, ImageHeldForReviewV1],
  async handle(message, { tx, log }) {
    if (message.type !== ImageAnonymizedV1.type) return [];
    const image = message.data;
    if (image.format !== 'dicom') return [];
    // A missing object throws (404) and the message is retried: the event is published after the object exists.
    const header = await storedHeader(image.object);
    const entry =
      typeof header === 'string' ? header : indexEntry(image, header.layout.transferSyntaxUid, header.dict);
    if (typeof entry === 'string') {
      log.warn('not indexed for DICOMweb', { imageId: image.imageId, why: entry });
      return [];
    }
    // The same event, or a redelivery, writes the same document: the index is idempotent by construction.
    saveInstance(tx, entry);
    return [];
  },
});
