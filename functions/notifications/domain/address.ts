/** Address rules per channel, checked before a notification is created (a bad one is rejected, not retried). */
import type { Channel } from '../../../schemas/notifications/v1/notification.fields.ts';

const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface AddressPolicy {
  /** Local suite only: plain-http webhooks to loopback receivers (tests); production demands https. */
  allowLoopbackHttp: boolean;
}

/** Undefined when valid, else a reason code. */
export function addressProblem(channel: Channel, address: string, policy: AddressPolicy): string | undefined {
  if (channel === 'email') return address.length <= 254 && EMAIL.test(address) ? undefined : 'invalid-email';
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return 'invalid-webhook-url';
  }
  if (url.username || url.password) return 'invalid-webhook-url';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && policy.allowLoopbackHttp && LOOPBACK.has(url.hostname)) return undefined;
  return 'invalid-webhook-url';
}
