/** Who may read which notifications: admins all; others only those addressed to themselves or their center. */
import type { Principal } from '../platform/auth.ts';

export function ownRecipientIds(p: Principal): string[] {
  const ids = [`user:${p.uid}`, `client:${p.uid}`, `expert:${p.uid}`];
  if (p.centerId) ids.push(`center:${p.centerId}`);
  return ids;
}

export const mayRead = (p: Principal, recipientId: string) =>
  p.roles.includes('admin') || ownRecipientIds(p).includes(recipientId);
