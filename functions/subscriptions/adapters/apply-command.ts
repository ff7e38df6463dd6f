/** A subscription command through the platform's load → decide → save path (version-checked save). */
import type { Transaction } from '@google-cloud/firestore';
import { type Applied, applyDecision } from '../../platform/apply-decision.ts';
import {
  decide,
  evolve,
  type SubscriptionCommand,
  type SubscriptionRejection,
} from '../domain/subscription.decider.ts';
import { type Emit, toIntegrationEvents } from './integration-events.ts';
import { loadSubscription, saveSubscription } from './subscription.repository.ts';

export type { Applied };

export function applyToSubscription(
  tx: Transaction,
  id: string,
  command: SubscriptionCommand,
  emit: Emit,
): Promise<Applied<SubscriptionRejection>> {
  return applyDecision(
    tx,
    {
      load: (t) => loadSubscription(t, id),
      decide,
      evolve,
      async save(t, next, previous) {
        if (next.status === 'NONE')
          throw new Error('a subscription event must leave the subscription existing');
        await saveSubscription(t, next, previous.version);
      },
      publish: (previous, next, events) => {
        if (next.status === 'NONE') return [];
        return toIntegrationEvents(previous.version, next, events, emit);
      },
    },
    command,
  );
}
