/** Envelopes for the imaging events, and publishing a ledger entry's outbox exactly when it is unpublished. */
import type { MessageData, MessageDef } from '../../../schemas/message.ts';
import { functions, sourceOf } from '../../manifest.ts';
import { type Envelope, envelope } from '../../platform/messaging/cloudevent.ts';
import { publish } from '../../platform/messaging/publisher.ts';
import { type LedgerEntry, markPublished } from './ingest-ledger.ts';

// Every imaging event is emitted by the upload pipeline (finalize, reprocess and backlog share its ledger).
const SOURCE = sourceOf({ ...functions['anonymize-upload'], name: 'anonymize-upload' });

/** An event about one image; the upload id (when known) correlates every event of one drop. */
export const imagingEvent = <M extends MessageDef>(
  def: M,
  data: MessageData<M>,
  imageId: string,
  uploadId?: string,
): Envelope =>
  envelope(def, data, { source: SOURCE, subject: imageId, ...(uploadId ? { correlationId: uploadId } : {}) });

/** Publishes after the commit; a crash in between leaves `published: false` and the redelivery publishes. */
export async function publishOutbox(entry: LedgerEntry): Promise<void> {
  if (entry.published || entry.outbox.length === 0) return;
  await publish(entry.outbox);
  await markPublished(entry.imageId);
}
