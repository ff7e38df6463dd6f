import type { Logger } from '../../platform/logger.ts';
import {
  type StorageContext,
  type StorageObject,
  storageHandler,
} from '../../platform/storage/storage-handler.ts';
import { activeKeyring, linkageKeyring } from '../../tokens/lib/index.ts';
import { isNotFound } from '../adapters/buckets.ts';
import { catalogueImage } from '../adapters/catalogue-image.ts';
import { finishUpload, quarantineUpload } from '../adapters/finish-upload.ts';
import { centerByCode } from '../adapters/imaging-centers.repository.ts';
import { imagingConfig } from '../adapters/imaging-config.ts';
import { findLedger, nameFinished, recordAttempt } from '../adapters/ingest-ledger.ts';
import { openOriginal } from '../adapters/ingest-store.ts';
import { runAnonymizer } from '../adapters/run-anonymizer.ts';
import { readSidecar } from '../adapters/sidecar-source.ts';
import { DEFAULT_OPTIONS } from '../domain/anonymizer.ts';
import { decideIngest, decideSidecar } from '../domain/image.decider.ts';
import { imageIdOf } from '../domain/image-id.ts';
import { imageNameOf, parseUploadPath } from '../domain/upload-path.ts';

/** A sidecar waits for its image; one whose image is already finished is cleaned up or quarantined. */
async function onSidecar(o: StorageObject, imageId: string, log: Logger): Promise<void> {
  const image = await nameFinished(imageNameOf(o.name));
  const decision = decideSidecar({ imageAlreadyProcessed: image !== undefined && !image.sidecarUsed });
  if (decision.action === 'wait') {
    if (image?.sidecarUsed)
      await finishUpload(o, image, log); // used: only the deletion was left
    else log.debug('sidecar waits for its image');
    return;
  }
  await quarantineUpload(o, parseUploadPath(o.name), imageId, decision, log);
}

/**
 * A transient failure, rethrown for the retry without its message: client errors quote bucket and
 * object names, which uploaders choose and which may carry personal data.
 */
function retryable(e: unknown, log: Logger): Error {
  const err = e as { name?: string; code?: number | string };
  log.error('transient failure: the delivery will be retried', { error: err?.name, code: err?.code });
  return new Error(`anonymize-upload failed transiently (${err?.name ?? 'error'} ${err?.code ?? ''})`.trim());
}

const injectedCrash = () => {
  throw new Error('injected fault: crashed after the anonymized object was written');
};

/** One delivery; see the module comment. Errors leave through `retryable` only, stripped of object names. */
async function handleUpload(object: StorageObject, ctx: StorageContext): Promise<void> {
  const path = parseUploadPath(object.name);
  const imageId = imageIdOf(object.bucket, object.name, object.generation);
  const log = ctx.log.with({ imageId });
  if (path.kind === 'sidecar') return onSidecar(object, imageId, log);

  const done = await findLedger(imageId);
  if (done && done.status !== 'received') return finishUpload(object, done, log);
  const cfg = imagingConfig();
  const entry = await recordAttempt(imageId, {
    name: object.name,
    ...(path.kind === 'image' ? { uploadId: path.uploadId, centerCode: path.centerCode } : {}),
  });
  if (entry.attempts > cfg.maxAttempts) {
    const detail = `failed ${entry.attempts - 1} times`;
    return quarantineUpload(object, path, imageId, { reason: 'processing-failed', detail }, log);
  }

  const center = path.kind === 'image' ? await centerByCode(path.centerCode) : undefined;
  const sidecar = path.kind === 'image' ? await readSidecar(object) : {};
  const decision = decideIngest({
    path,
    size: object.size,
    maxBytes: cfg.maxBytes,
    ...(center ? { center } : {}),
    ...(sidecar.result ? { sidecar: sidecar.result } : {}),
  });
  if (decision.action === 'reject')
    return quarantineUpload(object, path, imageId, decision, log, sidecar.file);

  // Linkage across seed rotations: a patient's keys are the ones pinned to that patient at this center.
  const issuer = decision.center.code;
  const sidecarPatient = decision.sidecar?.patientId;
  const keyring = sidecarPatient ? await linkageKeyring(issuer, sidecarPatient) : await activeKeyring();
  const outcome = await runAnonymizer(
    openOriginal(object),
    {
      keyring,
      keyringForPatient: (patientId) => linkageKeyring(issuer, patientId),
      issuer,
      options: DEFAULT_OPTIONS,
      ...(decision.sidecar ? { sidecar: decision.sidecar } : {}),
      limits: { maxBytes: cfg.maxBytes, maxDepth: cfg.maxDepth },
    },
    cfg.perFileTimeoutMs,
  );
  if (outcome.status === 'rejected')
    return quarantineUpload(object, path, imageId, outcome, log, sidecar.file);

  try {
    // Tests only (local stand-in): crash once between the stored object and the record.
    const crashOnce =
      cfg.faultInjection && object.metadata['x-test-fault'] === 'crash-after-write' && entry.attempts === 1;
    const finished = await catalogueImage({
      imageId,
      decision,
      outcome,
      keyring,
      receivedAt: entry.receivedAt,
      ...(sidecar.file ? { sidecarFile: sidecar.file } : {}),
      ...(crashOnce ? { afterStore: injectedCrash } : {}),
    });
    log.info('image anonymized', { format: outcome.format, bytes: outcome.bytesOut });
    await finishUpload(object, finished, log, sidecar.file);
  } finally {
    await outcome.spool.dispose();
  }
}

export default storageHandler({
  async handle(object, ctx) {
    try {
      await handleUpload(object, ctx);
    } catch (e) {
      if (!isNotFound(e)) throw retryable(e, ctx.log);
      // The original vanished mid-way: a concurrent delivery finished it, or a newer upload replaced it.
      const entry = await findLedger(imageIdOf(object.bucket, object.name, object.generation));
      ctx.log.info('original gone during processing', { finished: entry?.status !== 'received' });
      if (entry && entry.status !== 'received') await finishUpload(object, entry, ctx.log);
    }
  },
});
