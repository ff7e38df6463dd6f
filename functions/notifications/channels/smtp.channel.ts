/** E-mail over SMTP (nodemailer). Acceptance by the server is `Sent`; the provider's receipt later confirms it. */
import nodemailer, { type Transporter } from 'nodemailer';
import type { DeliveryOutcome } from '../domain/notification.decider.ts';
import type { DeliveryChannel, OutgoingMessage } from './channel.port.ts';

export interface SmtpOptions {
  host: string;
  port: number;
  from: string;
}

/** Reply codes 4xx are transient (retry), 5xx permanent; no answer at all is transient too. */
export function smtpOutcome(error: { responseCode?: number; code?: string }): DeliveryOutcome {
  const code = error.responseCode;
  if (code !== undefined) return { ok: false, reason: `smtp-${code}`, retryable: code < 500 };
  return { ok: false, reason: `smtp-${(error.code ?? 'error').toLowerCase()}`, retryable: true };
}

export function smtpChannel(opts: SmtpOptions): DeliveryChannel {
  let transport: Transporter | undefined;
  const transporter = () =>
    (transport ??= nodemailer.createTransport({
      host: opts.host,
      port: opts.port,
      secure: false,
      ignoreTLS: true, // local sink; production uses the provider's TLS endpoint
      pool: true,
      maxConnections: 5,
    }));
  return {
    async send(m: OutgoingMessage): Promise<DeliveryOutcome> {
      try {
        const info = await transporter().sendMail({
          from: opts.from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          html: m.html,
          // Stable per attempt, so a receiver can drop a duplicate of a re-sent attempt.
          messageId: `<${m.notificationId}.${m.attempt}@notifications.saludtech.example>`,
          headers: { 'X-Notification-Id': m.notificationId, 'Content-Language': m.language },
        });
        return { ok: true, receipt: info.messageId, confirmed: false };
      } catch (error) {
        return smtpOutcome(error as { responseCode?: number; code?: string });
      }
    },
  };
}
