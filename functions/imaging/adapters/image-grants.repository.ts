/** The imaging context's projection of what each subscription grants (`imaging-grants`, one doc per subscription). */
import type { Transaction } from '@google-cloud/firestore';
import { db } from '../../platform/clients.ts';
import type { AccessRule } from '../domain/image-access.ts';
import type { ImageGrant } from '../domain/image-grant.ts';

export const IMAGING_GRANTS = 'imaging-grants';

const ref = (subscriptionId: string) => db().collection(IMAGING_GRANTS).doc(subscriptionId);

export async function loadGrant(tx: Transaction, subscriptionId: string): Promise<ImageGrant | undefined> {
  const snap = await tx.get(ref(subscriptionId));
  return snap.exists ? (snap.data() as ImageGrant) : undefined;
}

export function saveGrant(tx: Transaction, grant: ImageGrant): void {
  tx.set(ref(grant.subscriptionId), grant);
}

/** The datasets a client's subscriptions in force grant: one indexed query (userId ==, inForce ==). */
export async function grantedRules(userId: string): Promise<AccessRule[]> {
  const snap = await db()
    .collection(IMAGING_GRANTS)
    .where('userId', '==', userId)
    .where('inForce', '==', true)
    .get();
  return snap.docs.flatMap((d) => (d.data() as ImageGrant).rules);
}
