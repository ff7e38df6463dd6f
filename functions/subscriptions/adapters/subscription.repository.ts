/** Firestore persistence of subscriptions (write model, optimistic concurrency) and their read model. */
import type { Transaction } from '@google-cloud/firestore';
import { SubscriptionView } from '../../../schemas/subscriptions/v1/subscription.view.ts';
import { db } from '../../platform/clients.ts';
import { type Existing, initialState, type SubscriptionState } from '../domain/subscription.decider.ts';

export const SUBSCRIPTIONS = 'subscriptions';
export const SUBSCRIPTIONS_VIEW = 'subscriptions-view';

/** Another writer saved a newer version between our read and our write. */
export class ConcurrencyConflict extends Error {
  constructor(
    readonly id: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`subscription ${id}: expected version ${expected}, found ${actual}`);
  }
}

const ref = (id: string) => db().collection(SUBSCRIPTIONS).doc(id);

export async function loadSubscription(tx: Transaction, id: string): Promise<SubscriptionState> {
  const snap = await tx.get(ref(id));
  return snap.exists ? (snap.data() as SubscriptionState) : initialState();
}

/**
 * Saves `next` only if the stored version is still `expectedVersion`. Inside the Firestore transaction a
 * concurrent commit on the same document aborts ours and the client retries the whole function (a fresh
 * load and decision); the explicit check also guards callers that loaded outside this transaction.
 */
export async function saveSubscription(
  tx: Transaction,
  next: Existing,
  expectedVersion: number,
): Promise<void> {
  const snap = await tx.get(ref(next.id));
  const actual = snap.exists ? (snap.data() as SubscriptionState).version : 0;
  if (actual !== expectedVersion) throw new ConcurrencyConflict(next.id, expectedVersion, actual);
  if (expectedVersion === 0) tx.create(ref(next.id), next);
  else tx.set(ref(next.id), next);
}

export async function findSubscriptionView(id: string): Promise<SubscriptionView | undefined> {
  const snap = await db().collection(SUBSCRIPTIONS_VIEW).doc(id).get();
  return snap.exists ? SubscriptionView.parse(snap.data()) : undefined;
}

export async function loadSubscriptionView(
  tx: Transaction,
  id: string,
): Promise<SubscriptionView | undefined> {
  const snap = await tx.get(db().collection(SUBSCRIPTIONS_VIEW).doc(id));
  return snap.exists ? SubscriptionView.parse(snap.data()) : undefined;
}

export function saveSubscriptionView(tx: Transaction, view: SubscriptionView): void {
  tx.set(db().collection(SUBSCRIPTIONS_VIEW).doc(view.id), view);
}

export async function listSubscriptionViews(clientCode: string): Promise<SubscriptionView[]> {
  const snap = await db()
    .collection(SUBSCRIPTIONS_VIEW)
    .where('clientCode', '==', clientCode)
    .limit(200)
    .get();
  return snap.docs
    .map((d) => SubscriptionView.parse(d.data()))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
