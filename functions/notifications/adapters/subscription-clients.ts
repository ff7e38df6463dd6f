/**
 * Which user owns a subscription (from SubscriptionCreated), for events that carry only the subscription id or
 * were published before they carried the owner. Only the owner is kept: the client code is the client's own
 * choice and addresses nobody. Documents captured before hold `{ clientCode }` only, read as "owner unknown".
 */
import type { Transaction } from '@google-cloud/firestore';
import { SubscriptionOwnerDoc } from '../../../schemas/notifications/v1/addressing.documents.ts';
import { db } from '../../platform/clients.ts';

export const SUBSCRIPTION_CLIENTS = 'notification-subscription-clients';

const ref = (subscriptionId: string) => db().collection(SUBSCRIPTION_CLIENTS).doc(subscriptionId);

export function rememberSubscriptionOwner(
  tx: Transaction,
  subscriptionId: string,
  userId: string | undefined,
): void {
  tx.set(ref(subscriptionId), SubscriptionOwnerDoc.parse(userId ? { userId } : {}));
}

/** The capture, or undefined when SubscriptionCreated has not been seen (yet). */
export async function capturedOwner(
  tx: Transaction,
  subscriptionId: string,
): Promise<SubscriptionOwnerDoc | undefined> {
  const snap = await tx.get(ref(subscriptionId));
  return snap.exists ? SubscriptionOwnerDoc.parse(snap.data()) : undefined;
}
