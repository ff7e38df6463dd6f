/**
 * Addresses a client notification to the subscription's owner (the rule: domain/client-recipient.ts): the owner
 * the event carries, else the one captured from SubscriptionCreated. While that capture has not arrived the
 * message is redelivered; when nobody is known it is recorded as undeliverable. No client code is read here.
 */
import type { Transaction } from '@google-cloud/firestore';
import { capturedOwner } from './adapters/subscription-clients.ts';
import { addressClient } from './domain/client-recipient.ts';
import type { NotificationIntent, Undeliverable } from './notify-on-event.ts';

/** Thrown so Pub/Sub redelivers (backoff, then the dead-letter topic): the ids say which, nothing else. */
export class SubscriptionNotSeenYet extends Error {
  constructor(subscriptionId: string) {
    super(`subscription ${subscriptionId} not seen yet: retry later`);
    this.name = 'SubscriptionNotSeenYet';
  }
}

export async function toSubscriptionOwner(
  tx: Transaction,
  subscription: { subscriptionId: string; userId?: string | undefined },
  message: Omit<NotificationIntent, 'recipientId'>,
): Promise<NotificationIntent | Undeliverable> {
  const { subscriptionId, userId } = subscription;
  const captured = userId ? undefined : await capturedOwner(tx, subscriptionId);
  const addressing = addressClient({ carried: userId, captured });
  switch (addressing.kind) {
    case 'recipient':
      return { ...message, recipientId: addressing.recipientId };
    case 'retry':
      throw new SubscriptionNotSeenYet(subscriptionId);
    case 'undeliverable':
      return { undeliverable: addressing.reason, subject: subscriptionId };
    default: {
      const unknown: never = addressing;
      throw new Error(`unknown addressing ${JSON.stringify(unknown)}`);
    }
  }
}
