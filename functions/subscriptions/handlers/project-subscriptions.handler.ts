/**
 * Subscriptions events (Pub/Sub) — maintains the read model. Each event is a cue to copy the aggregate's
 * current public fields (same context); versions make repeated or out-of-order events harmless.
 */
import { SUBSCRIPTION_EVENTS } from '../../../schemas/subscriptions/v1/subscription.events.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import {
  loadSubscription,
  loadSubscriptionView,
  saveSubscriptionView,
} from '../adapters/subscription.repository.ts';

export default eventHandler({
  accepts: SUBSCRIPTION_EVENTS,
  async handle({ envelope }, { tx }) {
    const id = envelope.subject;
    if (!id) return [];
    const [state, view] = await Promise.all([loadSubscription(tx, id), loadSubscriptionView(tx, id)]);
    if (state.status === 'NONE' || (view && view.version >= state.version)) return [];
    // Personal data (tokens, sealed fields) stays in the write model.
    const { client: _, planVersion: __, ...visible } = state;
    saveSubscriptionView(tx, { ...visible, reason: state.reason });
    return [];
  },
});
