/**
 * The tokens context's own projection of registered centers (from `centers.events`), keyed by center id: the
 * id is what a principal carries, the code is the issuer key that scopes local identifiers' pseudonyms.
 */
import type { Transaction } from '@google-cloud/firestore';
import { z } from 'zod';
import { CenterCode, CenterId } from '../../../schemas/centers/v1/center.fields.ts';
import { db } from '../../platform/clients.ts';

export const TOKEN_ISSUER_CENTERS = 'token-issuer-centers';

const IssuerCenterDoc = z.object({ centerId: CenterId, code: CenterCode, version: z.number().int() });
export type IssuerCenterDoc = z.infer<typeof IssuerCenterDoc>;

const ref = (centerId: string) => db().collection(TOKEN_ISSUER_CENTERS).doc(centerId);

export async function loadIssuerCenter(
  tx: Transaction,
  centerId: string,
): Promise<IssuerCenterDoc | undefined> {
  const snap = await tx.get(ref(centerId));
  return snap.exists ? IssuerCenterDoc.parse(snap.data()) : undefined;
}

export function saveIssuerCenter(tx: Transaction, doc: IssuerCenterDoc): void {
  tx.set(ref(doc.centerId), doc);
}

/** The code of a registered center, or undefined while its registration has not reached this projection. */
export async function centerCodeOf(centerId: string): Promise<string | undefined> {
  // A principal's centerId claim is free text; only a UUID can name a document here.
  if (!CenterId.safeParse(centerId).success) return undefined;
  const snap = await ref(centerId).get();
  return snap.exists ? IssuerCenterDoc.parse(snap.data()).code : undefined;
}
