/** Firestore persistence of clinical results (pseudonym + sealed text) and the plaintext-read audit trail. */
import {
  type ClinicalResultDoc,
  ClinicalResultDoc as DocSchema,
} from '../../../schemas/results/v1/clinical-result.view.ts';
import { db } from '../../platform/clients.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Envelope } from '../../platform/messaging/cloudevent.ts';
import { commitWithEvents } from '../../platform/messaging/outbox.ts';
import { openField, type SealedField, sealField } from '../../tokens/lib/index.ts';

export const RESULTS = 'clinical-results';
export const RESULTS_AUDIT = 'clinical-results-audit';

// The AAD binds the ciphertext to its result: copied onto another document it will not open.
const aad = (resultId: string) => `results/result/${resultId}`;

export const sealResult = (resultId: string, text: string) => sealField(text, aad(resultId));
export const openResult = (doc: ClinicalResultDoc) => openField(doc.result as SealedField, aad(doc.id));

/**
 * Creates the document and stages its event in one transaction; when a document with this id exists (a
 * retried request with the same Idempotency-Key) nothing is written and the stored one is returned.
 */
export async function createResult(
  doc: ClinicalResultDoc,
  event: (stored: ClinicalResultDoc) => Envelope,
  log: Logger,
): Promise<{ created: boolean; stored: ClinicalResultDoc }> {
  return commitWithEvents(async (tx) => {
    const ref = db().collection(RESULTS).doc(doc.id);
    const snap = await tx.get(ref);
    if (snap.exists) return { result: { created: false, stored: DocSchema.parse(snap.data()) }, events: [] };
    tx.create(ref, doc);
    return { result: { created: true, stored: doc }, events: [event(doc)] };
  }, log);
}

export async function findResult(id: string): Promise<ClinicalResultDoc | undefined> {
  const snap = await db().collection(RESULTS).doc(id).get();
  return snap.exists ? DocSchema.parse(snap.data()) : undefined;
}

/** Written before the text is opened: no audit record, no plaintext. */
export async function auditPlaintextRead(
  entry: {
    resultId: string;
    viewerId: string;
    viewerRoles: string[];
    correlationId: string;
    viewedAt: string;
  },
  event: Envelope,
  log: Logger,
): Promise<void> {
  await commitWithEvents(async (tx) => {
    tx.create(db().collection(RESULTS_AUDIT).doc(event.id), entry);
    return { result: undefined, events: [event] };
  }, log);
}
