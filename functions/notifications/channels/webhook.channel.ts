/** Webhooks: an HMAC-signed JSON POST. A 2xx is both acceptance and receipt; 408/429/5xx and timeouts retry. */
import type { DeliveryOutcome } from '../domain/notification.decider.ts';
import type { DeliveryChannel, OutgoingMessage } from './channel.port.ts';
import { sign } from './hmac-signature.ts';

export const SIGNATURE_HEADER = 'X-Saludtech-Signature';

export interface WebhookOptions {
  secret: string;
  timeoutMs: number;
}

const retryableStatus = (s: number) => s === 408 || s === 429 || s >= 500;

export function webhookChannel(opts: WebhookOptions): DeliveryChannel {
  return {
    async send(m: OutgoingMessage): Promise<DeliveryOutcome> {
      const body = JSON.stringify({
        notificationId: m.notificationId,
        attempt: m.attempt,
        template: m.template,
        language: m.language,
        subject: m.subject,
        text: m.text,
      });
      try {
        const res = await fetch(m.to, {
          method: 'POST',
          redirect: 'manual', // a redirect could point anywhere: treated as a failure, not followed
          headers: {
            'Content-Type': 'application/json',
            'Idempotency-Key': m.notificationId,
            'X-Saludtech-Notification-Id': m.notificationId,
            'X-Saludtech-Attempt': String(m.attempt),
            [SIGNATURE_HEADER]: sign(opts.secret, body, Math.floor(Date.now() / 1000)),
          },
          body,
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return { ok: true, receipt: `http-${res.status}`, confirmed: true };
        return { ok: false, reason: `http-${res.status}`, retryable: retryableStatus(res.status) };
      } catch (error) {
        const timeout = (error as Error).name === 'TimeoutError';
        return { ok: false, reason: timeout ? 'webhook-timeout' : 'webhook-unreachable', retryable: true };
      }
    },
  };
}
