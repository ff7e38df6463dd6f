/** HMAC-SHA256 signatures `t=<unix seconds>,v1=<hex>` over `<t>.<payload>` (webhooks out, receipts in). */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const sign = (secret: string, payload: string, t: number): string =>
  `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`;

/** True when the header signs this payload with this secret and is at most `toleranceSeconds` old. */
export function verify(
  secret: string,
  header: string,
  payload: string,
  now = Date.now(),
  toleranceSeconds = 300,
): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(now / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(sign(secret, payload, t));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
