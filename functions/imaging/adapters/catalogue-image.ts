/**
 * The catalogue record of an image already stored in the anonymized bucket: coded facts, the token, and
 * the clinical history sealed by the tokens context (the one I/O here). The record is committed with the
 * ledger by the publish finish.
 */
import type { Keyring } from '../../tokens/lib/index.ts';
import { sealField } from '../../tokens/lib/index.ts';
import { anonymizedFacts } from '../domain/anonymized-facts.ts';
import { type CatalogueRecord, catalogueRecord, historyAad } from '../domain/catalogue.ts';
import type { IngestDecision } from '../domain/image.decider.ts';
import type { StoredOutcome } from './run-anonymizer.ts';

export async function catalogueImage(input: {
  imageId: string;
  decision: Extract<IngestDecision, { action: 'anonymize' }>;
  outcome: Extract<StoredOutcome, { status: 'anonymized' }>;
  keyring: Keyring;
  receivedAt: Date;
}): Promise<CatalogueRecord> {
  const { imageId, decision, outcome } = input;
  const history = decision.sidecar?.history;
  return catalogueRecord({
    imageId,
    center: decision.center,
    uploadId: decision.uploadId,
    facts: anonymizedFacts(outcome, input.keyring, decision.center.code, decision.sidecar),
    object: outcome.object,
    ...(decision.sidecar ? { sidecar: decision.sidecar } : {}),
    ...(history ? { history: await sealField(history, historyAad(imageId)) } : {}),
    receivedAt: input.receivedAt,
  });
}
