/** Envelopes for the imaging events, and publishing a ledger entry's outbox exactly when it is unpublished. */
import type { MessageData, MessageDef } from '../../../schemas/message.ts';
import { functions, sourceOf } from '../../manifest.ts';
import type { Logger } from '../../platform/logger.ts';
import { type Envelope, envelope } from '../../platform/messaging/cloudevent.ts';
import { relayStaged } from '../../platform/messaging/outbox.ts';
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

/**
 * Relays the entry's events after the commit that staged them; `published` marks the entry done. A crash in
 * between is healed by the redelivery (which relays again) or by the outbox sweep.
 */
export async function publishOutbox(entry: LedgerEntry, log: Logger): Promise<void> {
  if (entry.published || entry.outbox.length === 0) return;
  if (await relayStaged(entry.outbox, log)) await markPublished(entry.imageId);
}
