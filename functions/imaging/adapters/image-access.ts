/** Loads a principal's catalogue access: no read for curators, one indexed read for a center or a client. */
import type { Principal } from '../../platform/auth.ts';
import { accessOf, type ImageAccess } from '../domain/image-access.ts';
import { grantedRules } from './image-grants.repository.ts';
import { centerById } from './imaging-centers.repository.ts';

export async function accessFor(principal: Principal): Promise<ImageAccess> {
  const { roles } = principal;
  const preview = accessOf(roles, {});
  if (preview.kind === 'all') return preview;
  const [center, granted] = await Promise.all([
    roles.includes('health_center') && principal.centerId ? centerById(principal.centerId) : undefined,
    roles.includes('client') ? grantedRules(principal.uid) : undefined,
  ]);
  return accessOf(roles, {
    ...(center ? { centerCode: center.code } : {}),
    ...(granted ? { granted } : {}),
  });
}
