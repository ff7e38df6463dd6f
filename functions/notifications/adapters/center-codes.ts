/**
 * Center id → center code, this context's own copy from CenterRegistered. Center users carry the center's id
 * (principal.centerId) while rejection digests are addressed by code (`center:<code>`): this joins the two
 * without reading the centers context's collections.
 */
import type { Transaction } from '@google-cloud/firestore';
import { CenterCodeDoc } from '../../../schemas/notifications/v1/addressing.documents.ts';
import type { Principal } from '../../platform/auth.ts';
import { db } from '../../platform/clients.ts';

export const CENTER_CODES = 'notification-center-codes';

const ref = (centerId: string) => db().collection(CENTER_CODES).doc(centerId);

export function rememberCenterCode(tx: Transaction, centerId: string, code: string): void {
  tx.set(ref(centerId), CenterCodeDoc.parse({ code }));
}

/** The code of the caller's center, for a health_center user whose center this context has seen registered. */
export async function centerCodeOf(principal: Principal): Promise<string | undefined> {
  if (!principal.centerId || !principal.roles.includes('health_center')) return undefined;
  const snap = await ref(principal.centerId).get();
  return snap.exists ? CenterCodeDoc.parse(snap.data()).code : undefined;
}
