/** load → decide → evolve → save (version-checked) → integration events, inside the caller's transaction. */
import type { Transaction } from '@google-cloud/firestore';
import type { Envelope } from '../../platform/messaging/cloudevent.ts';
import {
  decide,
  evolve,
  type SubscriptionCommand,
  type SubscriptionRejection,
} from '../domain/subscription.decider.ts';
import { type Emit, toIntegrationEvents } from './integration-events.ts';
import { loadSubscription, saveSubscription } from './subscription.repository.ts';

export type Applied = { ok: true; events: Envelope[] } | { ok: false; rejection: SubscriptionRejection };

export async function applyToSubscription(
  tx: Transaction,
  id: string,
  command: SubscriptionCommand,
  emit: Emit,
): Promise<Applied> {
  const state = await loadSubscription(tx, id);
  const decision = decide(command, state);
  if (!decision.ok) return decision;
  if (decision.events.length === 0) return { ok: true, events: [] };
  const next = decision.events.reduce(evolve, state);
  if (next.status === 'NONE') throw new Error('a subscription event must leave the subscription existing');
  await saveSubscription(tx, next, state.version);
  return { ok: true, events: toIntegrationEvents(state.version, next, decision.events, emit) };
}
