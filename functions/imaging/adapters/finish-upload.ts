/**
 * The finish of an upload, exactly one of three: publish (catalogue record + ImageAnonymized), hold for
 * review (`held/{imageId}` in quarantine + ImageHeldForReview) or quarantine (`rejected/{imageId}` +
 * ImageRejected). Each commits the ledger once, then runs the same idempotent tail: publish the outbox,
 * delete the original and its sidecar, settle a reprocessing. A redelivery of a finished image runs the
 * tail alone.
 */

import { ImageAnonymizedV1 } from '../../../schemas/imaging/v1/image-anonymized.event.ts';
import { ImageHeldForReviewV1 } from '../../../schemas/imaging/v1/image-held-for-review.event.ts';
import { ImageRejectedV1 } from '../../../schemas/imaging/v1/image-rejected.event.ts';
import type { Logger } from '../../platform/logger.ts';
import type { StorageObject } from '../../platform/storage/storage-handler.ts';
import type { HoldReason } from '../domain/anonymizer.ts';
import {
  anonymizedEvent,
  type CatalogueRecord,
  heldObjectName,
  quarantineObjectName,
} from '../domain/catalogue.ts';
import type { FinishedStatus } from '../domain/ingest-pipeline.ts';
import type { Box } from '../domain/pixels/text-box.ts';
import { sidecarNameOf, type UploadPath } from '../domain/upload-path.ts';
import { imagingEvent, publishOutbox } from './imaging-events.ts';
import { ensureLedger, finishLedger, type LedgerEntry, type LedgerFinish } from './ingest-ledger.ts';
import { deleteFromIngest } from './ingest-store.ts';
import { quarantineCopy } from './quarantine-store.ts';
import { REPROCESS_OF, settleReprocess } from './reprocess-settlement.ts';

/** The delivered object and what the pipeline learnt about it. */
export interface FinishTarget {
  object: StorageObject;
  imageId: string;
  path: UploadPath;
  /** A sidecar file `<name>.json` was read: it is kept with a refused original, then deleted. */
  sidecarUsed: boolean;
  /** The image this re-upload reprocesses (from its metadata), carried on its event. */
  reprocessOf?: string;
  log: Logger;
}

export type Ending =
  | { kind: 'publish'; record: CatalogueRecord }
  | { kind: 'hold'; reason: HoldReason; detail: string; boxes?: readonly Box[] }
  | { kind: 'quarantine'; reason: string; detail: string };

/** Finishes an upload one way; see the module comment. */
export async function finishUpload(t: FinishTarget, ending: Ending): Promise<void> {
  const entry = await commit(t, ending);
  if (entry) await finishAgain(t.object, entry, t.log);
}

/** The idempotent tail of every finish: publish what is unpublished, remove the original and its sidecar. */
export async function finishAgain(o: StorageObject, entry: LedgerEntry, log: Logger): Promise<void> {
  await publishOutbox(entry, log);
  await deleteFromIngest(o.name, o.generation);
  if (entry.sidecarUsed) await deleteFromIngest(sidecarNameOf(o.name));
  if (o.metadata[REPROCESS_OF] && entry.status !== 'received')
    await settleReprocess(o, { imageId: entry.imageId, status: entry.status as FinishedStatus });
  log.debug('upload finished', { status: entry.status });
}

const where = (path: UploadPath) =>
  path.kind === 'outside' ? {} : { centerCode: path.centerCode, uploadId: path.uploadId };

/** Commits the ledger (and, to publish, the record) once; undefined when the original was superseded. */
async function commit(t: FinishTarget, ending: Ending): Promise<LedgerEntry | undefined> {
  const { imageId, path } = t;
  const base = { sidecarUsed: t.sidecarUsed };
  const again = t.reprocessOf ? { reprocessOf: t.reprocessOf } : {};
  const uploadId = path.kind === 'outside' ? undefined : path.uploadId;
  if (ending.kind === 'publish') {
    const event = imagingEvent(
      ImageAnonymizedV1,
      { ...anonymizedEvent(ending.record), ...again },
      imageId,
      uploadId,
    );
    t.log.info('image anonymized', { format: ending.record.format, bytes: ending.record.bytes });
    return finishLedger(imageId, { ...base, status: 'anonymized', record: ending.record, outbox: [event] });
  }
  const refusal = { reason: ending.reason, detail: ending.detail.slice(0, 1000) };
  const dest = ending.kind === 'hold' ? heldObjectName(imageId) : quarantineObjectName(imageId);
  const sidecarFile = t.sidecarUsed ? sidecarNameOf(t.object.name) : undefined;
  if (!(await quarantineCopy(t.object, dest, { imageId, ...refusal }, sidecarFile))) {
    // A newer generation replaced the object before it was read: that one has its own event.
    t.log.warn('object gone before quarantine: superseded', { reason: ending.reason });
    return undefined;
  }
  await ensureLedger(imageId, { name: t.object.name, ...where(path) }); // a sidecar has no entry yet
  const held = ending.kind === 'hold' && path.kind !== 'outside';
  const finish: LedgerFinish = {
    ...base,
    status: held ? 'held' : 'rejected',
    ...refusal,
    ...(ending.kind === 'hold' && ending.boxes ? { boxes: ending.boxes } : {}),
    outbox: [refusalEvent(t, held ? 'held' : 'rejected', { ...refusal, object: dest, ...again })],
  };
  t.log.info(finish.status === 'held' ? 'upload held for review' : 'upload rejected to quarantine', {
    reason: ending.reason,
  });
  return finishLedger(imageId, finish);
}

/** ImageHeldForReview or ImageRejected for a refused image (a held image always has its upload path). */
function refusalEvent(
  t: FinishTarget,
  status: 'held' | 'rejected',
  data: { reason: string; detail: string; object: string; reprocessOf?: string },
) {
  const at = new Date().toISOString();
  const { imageId, path } = t;
  if (status === 'held' && path.kind !== 'outside') {
    const { centerCode, uploadId } = path;
    const reason: HoldReason = data.reason === 'pixel-review' ? 'pixel-review' : 'burned-in-risk';
    const held = { imageId, centerCode, uploadId, ...data, reason, heldAt: at };
    return imagingEvent(ImageHeldForReviewV1, held, imageId, uploadId);
  }
  const rejected = { imageId, ...where(path), ...data, rejectedAt: at };
  return imagingEvent(
    ImageRejectedV1,
    rejected,
    imageId,
    path.kind === 'outside' ? undefined : path.uploadId,
  );
}
