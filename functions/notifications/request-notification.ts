/**
 * Asking for a notification, shared by every trigger: resolve (or take) the address, let the decider check it
 * and render the template, append the stream in the caller's transaction, and say what to publish.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from '@google-cloud/firestore';
import type {
  Channel,
  Language,
  TemplateValues,
} from '../../schemas/notifications/v1/notification.fields.ts';
import { sealAddress } from './adapters/address-vault.ts';
import { loadNotification, saveNotification } from './adapters/notification.repository.ts';
import { resolveRecipient } from './adapters/recipient-directory.ts';
import { decide, type NotificationState } from './domain/notification.decider.ts';
import { type Outgoing, outgoing } from './domain/outgoing.ts';
import { notificationsConfig } from './notifications.config.ts';

export interface NotificationRequest {
  notificationId: string;
  recipientId: string;
  template: string;
  values: TemplateValues;
  cause: { type: string; id: string };
  /** Overrides the directory's language. */
  language?: Language;
  /** An explicit address (admin requests); otherwise the directory resolves the recipient. */
  explicit?: { channel: Channel; address: string };
  maxAttempts?: number;
  /** Hold delivery until then (digests). */
  holdUntil?: Date;
  at: Date;
}

export type RequestOutcome =
  | { ok: true; state: NotificationState; publish: Outgoing[]; duplicate: boolean }
  | { ok: false; reason: 'no-address' | 'invalid-address'; detail?: string };

/** A notification id that is the same for the same cause and recipient, so a redelivered event asks once. */
export const notificationIdFor = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 32);

export async function requestNotification(
  tx: Transaction,
  req: NotificationRequest,
): Promise<RequestOutcome> {
  const state = await loadNotification(tx, req.notificationId);
  if (state.status !== 'none') return { ok: true, state, publish: [], duplicate: true };
  const cfg = notificationsConfig();
  const resolved = req.explicit ? undefined : await resolveRecipient(tx, req.recipientId, req.language);
  const target =
    req.explicit ?? (resolved ? { channel: resolved.channel, address: resolved.address } : undefined);
  if (!target) return { ok: false, reason: 'no-address' };
  const sealedTo = resolved?.to ?? (await sealAddress(target.address, req.recipientId));
  const decision = decide(
    {
      type: 'RequestNotification',
      notificationId: req.notificationId,
      recipientId: req.recipientId,
      channel: target.channel,
      address: target.address,
      sealedTo,
      template: req.template,
      language: req.language ?? resolved?.language ?? 'es',
      values: req.values,
      cause: req.cause,
      maxAttempts: req.maxAttempts ?? cfg.maxAttempts,
      policy: { allowLoopbackHttp: cfg.allowLoopbackHttp },
      ...(req.holdUntil ? { holdUntil: req.holdUntil } : {}),
      at: req.at,
    },
    state,
  );
  if (!decision.ok) {
    if (decision.rejection === 'InvalidAddress')
      return {
        ok: false,
        reason: 'invalid-address',
        ...(decision.reason ? { detail: decision.reason } : {}),
      };
    return { ok: true, state, publish: [], duplicate: true };
  }
  const next = await saveNotification(tx, req.notificationId, state, decision.events, req.at);
  return { ok: true, state: next, publish: outgoing(next, decision.events), duplicate: false };
}
