/** Maps the subscription's domain events to its integration events: codes and ids only, no personal data. */
import type { MessageData, MessageDef } from '../../../schemas/message.ts';
import {
  SubscriptionActivatedV1,
  SubscriptionCancelledV1,
  SubscriptionCreatedV1,
  SubscriptionFailedV1,
  SubscriptionPaidV1,
  SubscriptionPaymentDeclinedV1,
  SubscriptionPlanChangedV1,
} from '../../../schemas/subscriptions/v1/subscription.events.ts';
import type { Envelope } from '../../platform/messaging/cloudevent.ts';
import type { Existing, SubscriptionEvent } from '../domain/subscription.decider.ts';

export type Emit = <E extends MessageDef>(
  def: E,
  data: MessageData<E>,
  origin: { subject: string; sequence?: number },
) => Envelope;

/** One envelope per event; `sequence` is the aggregate version the event produced. */
export function toIntegrationEvents(
  before: number,
  after: Existing,
  events: readonly SubscriptionEvent[],
  emit: Emit,
): Envelope[] {
  const ids = { subscriptionId: after.id, clientCode: after.clientCode, userId: after.userId };
  return events.map((e, i) => {
    const origin = { subject: after.id, sequence: before + i + 1 };
    switch (e.type) {
      case 'SubscriptionCreated':
        return emit(
          SubscriptionCreatedV1,
          {
            ...ids,
            planCode: e.plan.code,
            planVersion: e.plan.version,
            provisioning: e.plan.provisioning,
            createdAt: e.at,
          },
          origin,
        );
      case 'SubscriptionActivated':
        return emit(SubscriptionActivatedV1, { ...ids, planCode: after.planCode, activatedAt: e.at }, origin);
      case 'SubscriptionPlanChanged':
        return emit(
          SubscriptionPlanChangedV1,
          {
            ...ids,
            fromPlanCode: e.fromPlanCode,
            planCode: e.plan.code,
            provisioning: e.plan.provisioning,
            changedAt: e.at,
          },
          origin,
        );
      case 'SubscriptionCancelled':
        return emit(SubscriptionCancelledV1, { ...ids, reason: e.reason, cancelledAt: e.at }, origin);
      case 'SubscriptionPaid':
        return emit(
          SubscriptionPaidV1,
          {
            ...ids,
            invoiceId: e.invoice.invoiceId,
            amount: e.invoice.amount,
            providerReference: e.invoice.providerReference,
            paidAt: e.at,
          },
          origin,
        );
      case 'SubscriptionPaymentDeclined':
        return emit(
          SubscriptionPaymentDeclinedV1,
          { ...ids, declineCode: e.declineCode, declinedAt: e.at },
          origin,
        );
      case 'SubscriptionFailed':
        return emit(SubscriptionFailedV1, { ...ids, reason: e.reason, failedAt: e.at }, origin);
      default: {
        const unknown: never = e;
        throw new Error(`unknown event ${JSON.stringify(unknown)}`);
      }
    }
  });
}
