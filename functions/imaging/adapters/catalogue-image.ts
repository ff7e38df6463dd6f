/**
 * The success path after the anonymizer: the verified output goes to the anonymized bucket at its
 * deterministic name, then the catalogue record, the ledger entry and the ImageAnonymized outbox commit
 * together. Re-running it after a crash at any point gives the same object and one record.
 */
import { ImageAnonymizedV1 } from '../../../schemas/imaging/v1/image-anonymized.event.ts';
import type { Keyring } from '../../tokens/domain/keyring.ts';
import { sealField } from '../../tokens/lib/index.ts';
import { anonymizedFacts } from '../domain/anonymized-facts.ts';
import { anonymizedEvent, anonymizedObjectName, catalogueRecord, historyAad } from '../domain/catalogue.ts';
import type { IngestDecision, RegisteredCenter } from '../domain/image.decider.ts';
import { storeAnonymized } from './anonymized-store.ts';
import { imagingEvent } from './imaging-events.ts';
import { finishLedger, type LedgerEntry } from './ingest-ledger.ts';
import type { SpooledOutcome } from './run-anonymizer.ts';

type Anonymized = Extract<SpooledOutcome, { status: 'anonymized' }>;

const CONTENT_TYPES = { dicom: 'application/dicom', jpeg: 'image/jpeg', png: 'image/png' } as const;

/** Writes the spooled output once (see storeAnonymized); returns its object name. */
async function storeAnonymizedImage(
  imageId: string,
  center: RegisteredCenter,
  outcome: Anonymized,
): Promise<string> {
  const name = anonymizedObjectName(center.code, imageId, outcome.format);
  await storeAnonymized(outcome.spool.path, {
    name,
    sha256: outcome.sha256,
    contentType: CONTENT_TYPES[outcome.format],
    metadata: { imageId, profileVersion: outcome.profileVersion, keyVersion: String(outcome.keyVersion) },
  });
  return name;
}

export async function catalogueImage(input: {
  imageId: string;
  decision: Extract<IngestDecision, { action: 'anonymize' }>;
  outcome: Anonymized;
  keyring: Keyring;
  receivedAt: Date;
  sidecarFile?: string;
  /** A test seam: runs between the stored object and the record (fault injection). */
  afterStore?: () => void;
}): Promise<LedgerEntry> {
  const { imageId, decision, outcome } = input;
  const object = await storeAnonymizedImage(imageId, decision.center, outcome);
  input.afterStore?.();
  const history = decision.sidecar?.history;
  const record = catalogueRecord({
    imageId,
    center: decision.center,
    uploadId: decision.uploadId,
    facts: anonymizedFacts(outcome, input.keyring, decision.center.code, decision.sidecar),
    object,
    ...(decision.sidecar ? { sidecar: decision.sidecar } : {}),
    ...(history ? { history: await sealField(history, historyAad(imageId)) } : {}),
    receivedAt: input.receivedAt,
  });
  const event = imagingEvent(ImageAnonymizedV1, anonymizedEvent(record), imageId, decision.uploadId);
  return finishLedger(imageId, {
    status: 'anonymized',
    record,
    outbox: [event],
    sidecarUsed: input.sidecarFile !== undefined,
  });
}
