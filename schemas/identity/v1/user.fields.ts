/** Field rules of the identity context. */
import { z } from 'zod';

export const Uid = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be an Identity Platform uid');
export const Role = z.enum([
  'health_center',
  'client',
  'expert',
  'admin',
  'reidentification_officer',
  'privacy_officer',
]);
export const Email = z.email().max(254);
