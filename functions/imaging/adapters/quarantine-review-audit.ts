/**
 * The audit trail of quarantine review (`imaging-quarantine-audit`, imaging-owned, read by privacy
 * officers): one record per effective action — who (uid, role), what, when, on which item, and why the
 * item was there. Records are written in the transaction that takes the action, under an id derived from
 * it, so a retried action never writes a second one.
 */
import { type DocumentSnapshot, Timestamp, type Transaction } from '@google-cloud/firestore';
import type { QuarantineAuditEntry } from '../../../schemas/imaging/v1/quarantine.view.ts';
import { db } from '../../platform/clients.ts';
import type { ReprocessOutcome } from '../domain/quarantine.ts';

export const QUARANTINE_AUDIT = 'imaging-quarantine-audit';

export type AuditRecord = Omit<QuarantineAuditEntry, 'at'> & { at: Date };

const ref = (auditId: string) => db().collection(QUARANTINE_AUDIT).doc(auditId);

/** Writes the record of an action (the same id again rewrites the same record). */
export const recordAudit = (tx: Transaction, r: AuditRecord) => tx.set(ref(r.auditId), r);

/** Completes a reprocessing's record with what became of it. */
export const settleAudit = (
  tx: Transaction,
  auditId: string,
  s: { outcome: ReprocessOutcome; reprocessedAs: string },
) => tx.update(ref(auditId), s);

function entryOf(snap: DocumentSnapshot): QuarantineAuditEntry {
  const { at, ...rest } = snap.data() as AuditRecord & { at: Timestamp };
  return { ...rest, at: at.toDate().toISOString() } as QuarantineAuditEntry;
}

export interface AuditPosition {
  at: string;
  auditId: string;
}

/** One page of the trail, newest first; `last` when there may be more. */
export async function auditPage(
  pageSize: number,
  after?: AuditPosition,
): Promise<{ items: QuarantineAuditEntry[]; last?: AuditPosition }> {
  let q = db().collection(QUARANTINE_AUDIT).orderBy('at', 'desc').orderBy('auditId', 'desc');
  if (after) q = q.startAfter(Timestamp.fromDate(new Date(after.at)), after.auditId);
  const snap = await q.limit(pageSize + 1).get();
  const entries = snap.docs.map(entryOf);
  const items = entries.slice(0, pageSize);
  const lastItem = items.at(-1);
  if (entries.length <= pageSize || !lastItem) return { items };
  return { items, last: { at: lastItem.at, auditId: lastItem.auditId } };
}
