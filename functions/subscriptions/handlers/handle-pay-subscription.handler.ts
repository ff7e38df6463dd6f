/** PaySubscription (Pub/Sub) — charges through the payment provider, then records Paid or PaymentDeclined. */
import { PaySubscriptionV1 } from '../../../schemas/subscriptions/v1/pay-subscription.command.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { applyToSubscription } from '../adapters/apply-command.ts';
import { paymentProvider } from '../adapters/payment-provider.ts';
import { findPlan } from '../adapters/plan-catalogue.ts';
import { loadSubscription } from '../adapters/subscription.repository.ts';

export default eventHandler({
  accepts: [PaySubscriptionV1],
  async handle({ data, envelope }, { tx, emit, log }) {
    const state = await loadSubscription(tx, data.subscriptionId);
    if (state.status === 'NONE' || state.status === 'CANCELLED' || state.status === 'FAILED') {
      log.warn('command rejected', { status: state.status, subscriptionId: data.subscriptionId });
      return [];
    }
    const plan = await findPlan(state.planCode, tx);
    if (!plan) throw new Error('the subscription names a plan the catalogue no longer has');
    // Keyed by the command id: a redelivery (or a retried transaction) charges once.
    const charge = await paymentProvider().charge({
      idempotencyKey: envelope.id,
      amount: plan.price,
      paymentMethod: data.paymentMethod,
    });
    const at = new Date(envelope.time);
    const applied = await applyToSubscription(
      tx,
      data.subscriptionId,
      { type: 'PaySubscription', charge, at },
      emit,
    );
    if (!applied.ok)
      log.warn('command rejected', { rejection: applied.rejection, subscriptionId: data.subscriptionId });
    return applied.ok ? applied.events : [];
  },
});
