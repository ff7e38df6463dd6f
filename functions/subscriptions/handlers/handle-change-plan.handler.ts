/** ChangePlan (Pub/Sub) — moves the subscription to the new plan and publishes SubscriptionPlanChanged. */
import { ChangePlanV1 } from '../../../schemas/subscriptions/v1/change-plan.command.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { applyToSubscription } from '../adapters/apply-command.ts';
import { findPlan } from '../adapters/plan-catalogue.ts';

export default eventHandler({
  accepts: [ChangePlanV1],
  async handle({ data, envelope }, { tx, emit, log }) {
    const plan = await findPlan(data.planCode, tx);
    const at = new Date(envelope.time);
    const applied = await applyToSubscription(
      tx,
      data.subscriptionId,
      { type: 'ChangePlan', planCode: data.planCode, plan, at },
      emit,
    );
    if (!applied.ok)
      log.warn('command rejected', { rejection: applied.rejection, subscriptionId: data.subscriptionId });
    return applied.ok ? applied.events : [];
  },
});
