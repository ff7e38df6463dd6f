/** POST /subscriptions/{id}/payments — pay the current period; 404 for an unknown subscription, 409 if cancelled. */
import { CommandAccepted } from '../../../schemas/platform/v1/command-accepted.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import {
  PaySubscriptionBody,
  PaySubscriptionV1,
} from '../../../schemas/subscriptions/v1/pay-subscription.command.ts';
import { SubscriptionIdParams } from '../../../schemas/subscriptions/v1/subscription.view.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { acceptSubscriptionCommand } from '../http/accept-subscription-command.ts';

// The precheck decides as if the charge succeeded: only whether paying is allowed at all is known now.
const anyCharge = {
  ok: true as const,
  invoiceId: '-',
  providerReference: '-',
  amount: { amountMinor: 0, currency: 'COP' },
};

export default httpHandler({
  params: SubscriptionIdParams,
  body: PaySubscriptionBody,
  responses: { 202: CommandAccepted, 404: Problem, 409: Problem },
  handle: (ctx) =>
    acceptSubscriptionCommand(
      ctx,
      PaySubscriptionV1,
      {
        subscriptionId: ctx.params.id,
        paymentMethod: ctx.body.paymentMethod,
        requestedBy: ctx.principal.uid,
      },
      () => ({ type: 'PaySubscription', charge: anyCharge, at: new Date() }),
    ),
});
