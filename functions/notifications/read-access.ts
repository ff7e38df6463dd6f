/** Who may read which notifications: admins all; others only those addressed to themselves or their center. */
import type { Principal } from '../platform/auth.ts';

/**
 * A center's users (role health_center) read what is addressed to their center, by id (`center:<centerId>`) and
 * by code (`center:<code>`, rejection digests): `centerCode` is this context's own id → code link
 * (adapters/center-codes.ts), absent while the center's registration has not been seen.
 */
export function ownRecipientIds(p: Principal, centerCode?: string): string[] {
  const ids = [`user:${p.uid}`, `client:${p.uid}`, `expert:${p.uid}`];
  if (p.centerId && p.roles.includes('health_center')) {
    ids.push(`center:${p.centerId}`);
    if (centerCode) ids.push(`center:${centerCode}`);
  }
  return ids;
}

export const mayRead = (p: Principal, recipientId: string, centerCode?: string) =>
  p.roles.includes('admin') || ownRecipientIds(p, centerCode).includes(recipientId);
