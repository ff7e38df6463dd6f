/**
 * Delivery receipts, as a mail provider's event webhook sends them (SendGrid, Mailgun…): after a message with
 * an `X-Notification-Id` is stored, POST `{notificationId, receipt, status, signature}` to the receipt URL,
 * HMAC-signed, retrying with backoff while the platform answers 409 (attempt not recorded yet) or 5xx.
 */
import { createHmac } from 'node:crypto';

export interface ReceiptTarget {
  url: string;
  secret: string;
}

const sign = (secret: string, payload: string, t: number) =>
  `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`;

export async function postReceipt(
  target: ReceiptTarget,
  notificationId: string,
  receipt: string,
  tries = 8,
): Promise<boolean> {
  const status = 'delivered';
  for (let i = 0; i < tries; i++) {
    const signature = sign(
      target.secret,
      `${notificationId}\n${receipt}\n${status}`,
      Math.floor(Date.now() / 1000),
    );
    const res = await fetch(target.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ notificationId, receipt, status, signature }),
    }).catch(() => undefined);
    await res?.arrayBuffer();
    if (res?.ok) return true;
    if (res && res.status !== 409 && res.status < 500) return false;
    await new Promise((r) => setTimeout(r, 250 * 2 ** i));
  }
  return false;
}
