/**
 * The two endings of an upload, both idempotent: publish the finished entry's outbox and delete the
 * original; or copy to quarantine, finish the entry as rejected, publish ImageRejected, delete the original.
 */
import { ImageRejectedV1 } from '../../../schemas/imaging/v1/image-rejected.event.ts';
import type { Logger } from '../../platform/logger.ts';
import type { StorageObject } from '../../platform/storage/storage-handler.ts';
import { quarantineObjectName } from '../domain/catalogue.ts';
import type { UploadPath } from '../domain/upload-path.ts';
import { imagingEvent, publishOutbox } from './imaging-events.ts';
import { ensureLedger, finishLedger, type LedgerEntry } from './ingest-ledger.ts';
import { deleteFromIngest } from './ingest-store.ts';
import { quarantineCopy } from './quarantine-store.ts';

/** Publishes what is unpublished, then removes the original (that generation only) and its sidecar. */
export async function finishUpload(
  o: StorageObject,
  entry: LedgerEntry,
  log: Logger,
  sidecarFile?: string,
): Promise<void> {
  await publishOutbox(entry);
  await deleteFromIngest(o.name, o.generation);
  if (sidecarFile) await deleteFromIngest(sidecarFile);
  log.debug('upload finished', { status: entry.status });
}

/** Quarantines a rejected upload; the reason is a code, the detail stays in the quarantine metadata. */
export async function quarantineUpload(
  o: StorageObject,
  path: UploadPath,
  imageId: string,
  rejection: { reason: string; detail: string },
  log: Logger,
  sidecarFile?: string,
): Promise<void> {
  const dest = quarantineObjectName(imageId);
  const kept = await quarantineCopy(o, dest, { imageId, ...rejection }, sidecarFile);
  if (!kept) {
    // A newer generation replaced the object before it was read: that one has its own event.
    log.warn('object gone before quarantine: superseded', { reason: rejection.reason });
    return;
  }
  const where = path.kind === 'outside' ? {} : { centerCode: path.centerCode, uploadId: path.uploadId };
  await ensureLedger(imageId, { name: o.name, ...where }); // a sidecar has no entry yet
  const event = imagingEvent(
    ImageRejectedV1,
    { imageId, ...where, reason: rejection.reason, object: dest, rejectedAt: new Date().toISOString() },
    imageId,
    path.kind === 'outside' ? undefined : path.uploadId,
  );
  const entry = await finishLedger(imageId, {
    status: 'rejected',
    reason: rejection.reason,
    outbox: [event],
  });
  log.info('upload rejected to quarantine', { reason: rejection.reason });
  await finishUpload(o, entry, log, sidecarFile);
}
