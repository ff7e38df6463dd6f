/**
 * The payment-provider port and the local provider. A real provider (e.g. a PSP's API) implements the
 * same port; the local one approves everything except the test payment methods that say otherwise.
 */
import { createHash } from 'node:crypto';
import type { Money } from '../../../schemas/subscriptions/v1/subscription.fields.ts';
import type { Charge } from '../domain/subscription.decider.ts';

export interface PaymentProvider {
  /** Charges once per idempotency key: a retried command never charges twice. */
  charge(req: { idempotencyKey: string; amount: Money; paymentMethod: string }): Promise<Charge>;
}

/** Test payment methods, in the style of PSP test tokens: these decline with the code they name. */
export const DECLINING_METHODS: Record<string, string> = {
  pm_card_declined: 'card_declined',
  pm_insufficient_funds: 'insufficient_funds',
};

export const localPaymentProvider: PaymentProvider = {
  async charge({ idempotencyKey, amount, paymentMethod }) {
    const declineCode = DECLINING_METHODS[paymentMethod];
    if (declineCode) return { ok: false, declineCode };
    // Derived from the key, so a repeated charge answers the same reference (the provider's idempotency).
    const ref = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24);
    return { ok: true, invoiceId: `inv_${ref}`, providerReference: `local_${ref}`, amount };
  },
};

/** The provider this process uses; only the local one exists so far. */
export const paymentProvider = (): PaymentProvider => localPaymentProvider;
