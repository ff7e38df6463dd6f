import {
  SUBSCRIPTION_EVENTS,
  SubscriptionActivatedV1,
  SubscriptionCancelledV1,
  SubscriptionCreatedV1,
  SubscriptionFailedV1,
  SubscriptionPaidV1,
  SubscriptionPaymentDeclinedV1,
  SubscriptionPlanChangedV1,
} from '../../../schemas/subscriptions/v1/subscription.events.ts';
import { eventHandler, type Incoming } from '../../platform/messaging/event-handler.ts';
import { loadGrant, saveGrant } from '../adapters/image-grants.repository.ts';
import { applyGrantFact, type GrantFact, rulesOf } from '../domain/image-grant.ts';

type Message = Incoming<(typeof SUBSCRIPTION_EVENTS)[number]>;

/** What an event changes in the grant. */
function factOf(m: Message): GrantFact {
  const sequence = m.envelope.sequence ?? 1;
  switch (m.type) {
    case SubscriptionCreatedV1.type:
      return {
        kind: 'datasets',
        rules: rulesOf(m.data.provisioning),
        sequence,
      };
    case SubscriptionPlanChangedV1.type: {
      const { provisioning } = m.data;
      // An older event without the new plan's steps grants nothing until the plan is known again.
      return { kind: 'datasets', rules: rulesOf(provisioning ?? []), sequence };
    }
    case SubscriptionActivatedV1.type:
      return { kind: 'activated', sequence };
    case SubscriptionPaidV1.type:
      return { kind: 'payment', declined: false, sequence };
    case SubscriptionPaymentDeclinedV1.type:
      return { kind: 'payment', declined: true, sequence };
    case SubscriptionCancelledV1.type:
      return { kind: 'revoked', cause: 'subscription-cancelled' };
    case SubscriptionFailedV1.type:
      return { kind: 'revoked', cause: 'subscription-failed' };
    default:
      throw new Error(`no grant fact for ${(m as Message).type}`);
  }
}

export default eventHandler({
  accepts: SUBSCRIPTION_EVENTS,
  async handle(message, { tx }) {
    const { subscriptionId, userId } = message.data;
    const grant = await loadGrant(tx, subscriptionId);
    saveGrant(tx, applyGrantFact(grant, subscriptionId, factOf(message), userId));
    return [];
  },
});
