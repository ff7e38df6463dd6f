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

/** A center's results whose pseudonym is keyed under no center code yet (recorded before issuers were codes). */
export async function unlinkedResultsOf(
  centerId: string,
): Promise<{ id: string; patientPseudonym: string }[]> {
  // Only the two fields the relink needs: the sealed text never leaves the database.
  const snap = await db()
    .collection(RESULTS)
    .where('centerId', '==', centerId)
    .select('patientPseudonym', 'patientIssuer')
    .get();
  return snap.docs
    .filter((d) => d.get('patientIssuer') === undefined)
    .map((d) => ({ id: d.id, patientPseudonym: String(d.get('patientPseudonym')) }));
}

/** Results per relink transaction: well under Firestore's 500 writes, small enough to retry cheaply. */
const RELINK_CHUNK = 200;

/**
 * Re-keys results under `issuer`, each only if it is still the legacy one it was planned from (a concurrent
 * run or a later change leaves it alone). Returns how many were re-keyed.
 */
export async function relinkResults(
  updates: readonly { id: string; from: string; to: string }[],
  issuer: string,
  relinkedAt: string,
): Promise<number> {
  let done = 0;
  for (let i = 0; i < updates.length; i += RELINK_CHUNK) {
    const chunk = updates.slice(i, i + RELINK_CHUNK);
    done += await db().runTransaction(async (tx) => {
      const refs = chunk.map((u) => db().collection(RESULTS).doc(u.id));
      const snaps = await tx.getAll(...refs);
      let n = 0;
      snaps.forEach((snap, k) => {
        const u = chunk[k] as (typeof chunk)[number];
        if (
          !snap.exists ||
          snap.get('patientIssuer') !== undefined ||
          snap.get('patientPseudonym') !== u.from
        )
          return;
        tx.update(snap.ref, { patientPseudonym: u.to, patientIssuer: issuer, relinkedAt });
        n++;
      });
      return n;
    });
  }
  return done;
}
