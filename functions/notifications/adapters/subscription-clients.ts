/** Which client a subscription belongs to (from SubscriptionCreated), for events that carry only the subscription id. */
import type { Transaction } from '@google-cloud/firestore';
import { db } from '../../platform/clients.ts';

export const SUBSCRIPTION_CLIENTS = 'notification-subscription-clients';

export function rememberSubscriptionClient(
  tx: Transaction,
  subscriptionId: string,
  clientCode: string,
): void {
  tx.set(db().collection(SUBSCRIPTION_CLIENTS).doc(subscriptionId), { clientCode });
}

export async function clientOfSubscription(
  tx: Transaction,
  subscriptionId: string,
): Promise<string | undefined> {
  const snap = await tx.get(db().collection(SUBSCRIPTION_CLIENTS).doc(subscriptionId));
  return snap.exists ? (snap.get('clientCode') as string) : undefined;
}
