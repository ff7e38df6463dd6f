/** Who may read a clinical result's text: experts, re-identification officers and the center that recorded it. */
import type { Principal } from '../../platform/auth.ts';

export type ReadGrant = 'plaintext' | 'metadata';

export function readGrant(p: Principal, owningCenterId: string): ReadGrant {
  if (p.roles.includes('expert') || p.roles.includes('reidentification_officer')) return 'plaintext';
  if (p.roles.includes('health_center') && p.centerId === owningCenterId) return 'plaintext';
  return 'metadata';
}
