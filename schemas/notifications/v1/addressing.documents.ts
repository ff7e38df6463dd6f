/**
 * Documents the notifications context keeps to address people by who they are, never by a code they chose:
 * its own capture of other contexts' events (ids and codes only), and the notifications nobody could be sent.
 */
import { z } from 'zod';

/** `notification-subscription-clients/{subscriptionId}`, from SubscriptionCreated. */
export const SubscriptionOwnerDoc = z.object({
  /** The owning user's Identity Platform uid; absent when captured from an event published before it was carried. */
  userId: z.string().min(1).optional(),
});
export type SubscriptionOwnerDoc = z.infer<typeof SubscriptionOwnerDoc>;

/** `notification-center-codes/{centerId}`, from CenterRegistered: center users carry the id, digests the code. */
export const CenterCodeDoc = z.object({ code: z.string().min(1).max(32) });

/** `notification-undeliverable/{id}`: an event that should have notified someone nobody is known for. */
export const UndeliverableDoc = z.object({
  /** A code, never free text or an address. */
  reason: z.string().regex(/^[a-z][a-z0-9-]{1,63}$/),
  cause: z.object({ type: z.string(), id: z.string() }),
  /** The aggregate the event was about (a subscription id): ids only. */
  subject: z.string().max(128),
  at: z.iso.datetime(),
});
export type UndeliverableDoc = z.infer<typeof UndeliverableDoc>;
