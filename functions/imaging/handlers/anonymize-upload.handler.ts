/**
 * anonymize-upload: each finalized ingest object goes through one pipeline, top to bottom —
 * parse the path → load the ledger → decide → anonymize → finish, the finish being exactly one of
 * publish, hold or quarantine (`adapters/finish-upload.ts`). The pure decisions live in
 * `domain/ingest-pipeline.ts` and `domain/image.decider.ts`; each I/O step is one adapter call.
 */
import { ImageId } from '../../../schemas/imaging/v1/image.fields.ts';
import type { Logger } from '../../platform/logger.ts';
import {
  type StorageContext,
  type StorageObject,
  storageHandler,
} from '../../platform/storage/storage-handler.ts';
import type { Keyring } from '../../tokens/lib/index.ts';
import { activeKeyring, linkageKeyring } from '../../tokens/lib/index.ts';
import { isNotFound } from '../adapters/buckets.ts';
import { catalogueImage } from '../adapters/catalogue-image.ts';
import { type FinishTarget, finishAgain, finishUpload } from '../adapters/finish-upload.ts';
import { centerByCode } from '../adapters/imaging-centers.repository.ts';
import { type ImagingConfig, imagingConfig } from '../adapters/imaging-config.ts';
import { policyOf } from '../adapters/imaging-policies.repository.ts';
import { findLedger, nameFinished, recordDelivery } from '../adapters/ingest-ledger.ts';
import { deleteFromIngest, openOriginal } from '../adapters/ingest-store.ts';
import { claimInstanceName } from '../adapters/instance-claims.ts';
import { pixelCleaner } from '../adapters/pixels/pixel-cleaner.ts';
import { findItem } from '../adapters/quarantine-review.repository.ts';
import { REPROCESS_OF } from '../adapters/reprocess-settlement.ts';
import { runAnonymizer, type StoredOutcome } from '../adapters/run-anonymizer.ts';
import { readSidecar } from '../adapters/sidecar-source.ts';
import { type AnonymizeContext, DEFAULT_OPTIONS, type IngestPolicy } from '../domain/anonymizer.ts';
import { decideIngest, decideSidecar, type IngestDecision } from '../domain/image.decider.ts';
import { imageIdOf } from '../domain/image-id.ts';
import { decideDelivery, finishOf } from '../domain/ingest-pipeline.ts';
import { imageNameOf, isStowPartFile, parseUploadPath, type UploadPath } from '../domain/upload-path.ts';

type Admitted = Extract<IngestDecision, { action: 'anonymize' }>;

/** A sidecar waits for its image; one whose image is already finished is cleaned up or quarantined. */
async function onSidecar(o: StorageObject, imageId: string, path: UploadPath, log: Logger): Promise<void> {
  const image = await nameFinished(imageNameOf(o.name));
  const decision = decideSidecar({ imageAlreadyProcessed: image !== undefined && !image.sidecarUsed });
  if (decision.action === 'reject')
    return finishUpload(
      { object: o, imageId, path, sidecarUsed: false, log },
      { kind: 'quarantine', ...decision },
    );
  if (image?.sidecarUsed)
    await deleteFromIngest(o.name, o.generation); // used: only the deletion was left
  else log.debug('sidecar waits for its image');
}

/** The quarantined or held image a re-upload reprocesses (set by quarantine review; ignored unless an id). */
function reprocessOfObject(o: StorageObject): { reprocessOf?: string } {
  const of = o.metadata[REPROCESS_OF];
  return of && ImageId.safeParse(of).success ? { reprocessOf: of } : {};
}

/** Decide: the registered center, its policy and the sidecar, then the pure admission decision. */
async function admit(o: StorageObject, path: UploadPath, cfg: ImagingConfig) {
  const image = path.kind === 'image' ? path : undefined;
  const none: Awaited<ReturnType<typeof readSidecar>> = {};
  const [center, stored, sidecar] = await Promise.all([
    image ? centerByCode(image.centerCode) : undefined,
    image ? policyOf(image.centerCode) : undefined,
    image ? readSidecar(o) : none,
  ]);
  const decision = decideIngest({
    path,
    size: o.size,
    maxBytes: cfg.maxBytes,
    ...(center ? { center } : {}),
    ...(sidecar.result ? { sidecar: sidecar.result } : {}),
  });
  return { decision, policy: stored?.policy, sidecarUsed: sidecar.file !== undefined };
}

/**
 * The pixel review a privacy officer gave the held original this upload reprocesses, if any: only while that
 * item's reprocessing is under way and from the same center (an uploader's metadata alone proves nothing).
 */
async function pixelReviewFor(reprocessOf: string | undefined, centerCode: string) {
  const item = reprocessOf ? await findItem(reprocessOf) : undefined;
  return item?.status === 'reprocessing' && item.reviewOf === 'held' && item.centerCode === centerCode
    ? item.pixelReview
    : undefined;
}

/** Anonymize: the original streams through the engine straight into the anonymized bucket. */
async function anonymizeInto(
  o: StorageObject,
  imageId: string,
  decision: Admitted,
  policy: IngestPolicy,
  cfg: ImagingConfig,
  reprocessOf?: string,
): Promise<{ outcome: StoredOutcome; keyring: Keyring }> {
  // Linkage across seed rotations: a patient's keys are the ones pinned to that patient at this center.
  const issuer = decision.center.code;
  const sidecarPatient = decision.sidecar?.patientId;
  const [keyring, pixelReview] = await Promise.all([
    sidecarPatient ? linkageKeyring(issuer, sidecarPatient) : activeKeyring(),
    pixelReviewFor(reprocessOf, issuer),
  ]);
  const ctx: AnonymizeContext = {
    keyring,
    keyringForPatient: (patientId) => linkageKeyring(issuer, patientId),
    issuer,
    options: DEFAULT_OPTIONS,
    policy,
    // Images at burned-in risk: OCR and redaction (loaded on first use, reused by the instance).
    pixels: pixelCleaner,
    ...(decision.sidecar ? { sidecar: decision.sidecar } : {}),
    ...(pixelReview ? { pixelReview } : {}),
    limits: { maxBytes: cfg.maxBytes, maxDepth: cfg.maxDepth },
  };
  const target = { centerCode: issuer, imageId, metadata: { imageId, keyVersion: String(keyring.version) } };
  return { outcome: await runAnonymizer(openOriginal(o), ctx, target, cfg.perFileTimeoutMs), keyring };
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

/** Tests only (local stand-in): crash once between the stored object and the record. */
function injectedCrash(o: StorageObject, attempts: number, cfg: ImagingConfig): void {
  if (cfg.faultInjection && o.metadata['x-test-fault'] === 'crash-after-write' && attempts === 1)
    throw new Error('injected fault: crashed after the anonymized object was written');
}

/** One delivery, the pipeline; errors leave through `retryable` only, stripped of object names. */
async function handleUpload(object: StorageObject, ctx: StorageContext): Promise<void> {
  // Parse the path.
  const path = parseUploadPath(object.name);
  const imageId = imageIdOf(object.bucket, object.name, object.generation);
  const log = ctx.log.with({ imageId });
  if (path.kind === 'sidecar') return onSidecar(object, imageId, path, log);
  const cfg = imagingConfig();
  const again = reprocessOfObject(object);
  // A reprocessing re-writes a quarantined original on purpose: it is not a duplicate.
  if (
    path.kind === 'image' &&
    !again.reprocessOf &&
    isStowPartFile(path.file) &&
    !(await claimInstanceName(object.name, object.generation))
  ) {
    log.info('duplicate generation of a STOW-RS instance: dropped');
    await deleteFromIngest(object.name, object.generation);
    return;
  }

  // Load the ledger (counting this delivery).
  const entry = await recordDelivery(imageId, {
    name: object.name,
    ...(path.kind === 'image' ? { uploadId: path.uploadId, centerCode: path.centerCode } : {}),
    ...again,
  });
  const step = decideDelivery(entry, cfg.maxAttempts);
  if (step.action === 'finish-again') return finishAgain(object, entry, log);
  const target: FinishTarget = { object, imageId, path, sidecarUsed: path.kind === 'image', log, ...again };
  if (step.action === 'poison') return finishUpload(target, { kind: 'quarantine', ...step });

  // Decide.
  const { decision, policy, sidecarUsed } = await admit(object, path, cfg);
  target.sidecarUsed = sidecarUsed;
  if (decision.action === 'reject') return finishUpload(target, { kind: 'quarantine', ...decision });

  // Anonymize.
  const { outcome, keyring } = await anonymizeInto(
    object,
    imageId,
    decision,
    policy as IngestPolicy,
    cfg,
    again.reprocessOf,
  );

  // Finish: publish, hold or quarantine.
  const finish = finishOf(outcome);
  if (finish.kind !== 'publish') return finishUpload(target, finish);
  injectedCrash(object, entry.attempts, cfg);
  const record = await catalogueImage({
    imageId,
    decision,
    outcome: finish.outcome,
    keyring,
    receivedAt: entry.receivedAt,
  });
  return finishUpload(target, { kind: 'publish', record });
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
      if (entry && entry.status !== 'received') await finishAgain(object, entry, ctx.log);
    }
  },
});
