/**
 * Who a client notification is for: the subscription's owning user (an Identity Platform uid), never its client
 * code. The client chooses that code itself, so it could name anyone's uid and have the platform mail them.
 * The owner comes from the event when it carries one, else from this context's capture of SubscriptionCreated.
 */

export interface OwnerFacts {
  /** The owner the event names (`userId` of subscription events published since it was added). */
  carried?: string | undefined;
  /** This context's capture of the subscription's SubscriptionCreated; undefined while it has not arrived. */
  captured?: { userId?: string | undefined } | undefined;
}

export type ClientAddressing =
  | { kind: 'recipient'; recipientId: string }
  /** SubscriptionCreated may still be on its way: redeliver later. */
  | { kind: 'retry'; reason: 'subscription-not-seen-yet' }
  /** Created before events carried the owner: nobody is known, so nobody is told (and the code is never a guess). */
  | { kind: 'undeliverable'; reason: 'subscription-owner-unknown' };

/** Client notifications go to `client:<uid>`, which the owner reads (read-access.ts) and Identity Platform resolves. */
export const clientRecipientId = (userId: string) => `client:${userId}`;

export function addressClient(facts: OwnerFacts): ClientAddressing {
  const owner = facts.carried || facts.captured?.userId;
  if (owner) return { kind: 'recipient', recipientId: clientRecipientId(owner) };
  if (!facts.captured) return { kind: 'retry', reason: 'subscription-not-seen-yet' };
  return { kind: 'undeliverable', reason: 'subscription-owner-unknown' };
}
