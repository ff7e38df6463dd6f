/** Configuration of the notifications context: channels, retries and secrets, read once from the environment. */
import { z } from 'zod';

const Schema = z.object({
  smtpHost: z.string().min(1).default('127.0.0.1'),
  smtpPort: z.coerce.number().int().positive().default(9499),
  mailFrom: z.string().min(3).default('SaludTech Alpes <no-reply@saludtech.example>'),
  /** Signs outgoing webhooks (Secret Manager in production). */
  webhookSecret: z.string().min(16).default('local-webhook-secret-change-me'),
  /** Verifies delivery receipts posted by the mail provider (locally: the SMTP sink). */
  receiptSecret: z.string().min(16).default('local-receipt-secret-change-me'),
  webhookTimeoutMs: z.coerce.number().int().positive().default(5000),
  maxAttempts: z.coerce.number().int().min(1).max(10).default(4),
  retryBaseMs: z.coerce.number().int().positive().default(1000),
  retryMaxDelayMs: z.coerce.number().int().positive().default(300_000),
  /** How long a digest (rejections of one upload) collects details before it is sent. */
  digestWindowMs: z.coerce.number().int().min(0).default(10_000),
  /** Plain-http webhooks to loopback receivers: only on the local suite. */
  allowLoopbackHttp: z.stringbool().default(false),
});
export type NotificationsConfig = z.infer<typeof Schema>;

export function loadNotificationsConfig(env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  const parsed = Schema.safeParse({
    smtpHost: env.SMTP_HOST,
    smtpPort: env.SMTP_PORT,
    mailFrom: env.MAIL_FROM,
    webhookSecret: env.NOTIFY_WEBHOOK_SECRET,
    receiptSecret: env.NOTIFY_RECEIPT_SECRET,
    webhookTimeoutMs: env.NOTIFY_WEBHOOK_TIMEOUT_MS,
    maxAttempts: env.NOTIFY_MAX_ATTEMPTS,
    retryBaseMs: env.NOTIFY_RETRY_BASE_MS,
    retryMaxDelayMs: env.NOTIFY_RETRY_MAX_DELAY_MS,
    allowLoopbackHttp: env.NOTIFY_ALLOW_LOOPBACK_HTTP,
    digestWindowMs: env.NOTIFY_DIGEST_WINDOW_MS,
  });
  if (!parsed.success)
    throw new Error(
      `invalid notifications configuration: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  return parsed.data;
}

let cached: NotificationsConfig | undefined;
export const notificationsConfig = (): NotificationsConfig => (cached ??= loadNotificationsConfig());
