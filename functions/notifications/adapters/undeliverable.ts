/**
 * Notifications nobody could be sent because nobody is known to send them to: kept, with ids and a reason code
 * only, so an operator can see what was not said and to which subscription, instead of a message silently acked.
 */
import type { Transaction } from '@google-cloud/firestore';
import { UndeliverableDoc } from '../../../schemas/notifications/v1/addressing.documents.ts';
import { db } from '../../platform/clients.ts';

export const UNDELIVERABLE = 'notification-undeliverable';

/** Keyed by the caller's notification id, so a redelivered event records once. Runs after the caller's reads. */
export function recordUndeliverable(tx: Transaction, id: string, doc: UndeliverableDoc): void {
  tx.set(db().collection(UNDELIVERABLE).doc(id), UndeliverableDoc.parse(doc));
}
