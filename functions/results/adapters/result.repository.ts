/** Firestore persistence of clinical results (pseudonym + sealed text) and the plaintext-read audit trail. */
import {
  type ClinicalResultDoc,
  ClinicalResultDoc as DocSchema,
} from '../../../schemas/results/v1/clinical-result.view.ts';
import { db } from '../../platform/clients.ts';
import { openField, type SealedField, sealField } from '../../tokens/lib/index.ts';

export const RESULTS = 'clinical-results';
export const RESULTS_AUDIT = 'clinical-results-audit';

// The AAD binds the ciphertext to its result: copied onto another document it will not open.
const aad = (resultId: string) => `results/result/${resultId}`;

export const sealResult = (resultId: string, text: string) => sealField(text, aad(resultId));
export const openResult = (doc: ClinicalResultDoc) => openField(doc.result as SealedField, aad(doc.id));

/** Creates the document; false when it already exists (a retried request with the same Idempotency-Key). */
export async function createResult(doc: ClinicalResultDoc): Promise<boolean> {
  try {
    await db().collection(RESULTS).doc(doc.id).create(doc);
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 6) return false; // ALREADY_EXISTS
    throw error;
  }
}

export async function findResult(id: string): Promise<ClinicalResultDoc | undefined> {
  const snap = await db().collection(RESULTS).doc(id).get();
  return snap.exists ? DocSchema.parse(snap.data()) : undefined;
}

/** Written before the text is opened: no audit record, no plaintext. */
export async function auditPlaintextRead(entry: {
  resultId: string;
  viewerId: string;
  viewerRoles: string[];
  correlationId: string;
  viewedAt: string;
}): Promise<void> {
  await db().collection(RESULTS_AUDIT).add(entry);
}
