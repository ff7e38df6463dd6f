/**
 * The seed's numbered roles (seed 002: `POST /users {"username","password","role": 1}`) and its user
 * names, mapped onto ours. The seed never said what each number meant; this table is ours and documented
 * in the README. A seed user name that is not an e-mail becomes `<name>@users.saludtech.invalid`.
 */
import type { z } from 'zod';
import type { Role as RoleSchema } from '../../../schemas/identity/v1/user.fields.ts';

export type RoleName = z.infer<typeof RoleSchema>;

export const SEED_ROLES: Readonly<Record<number, RoleName>> = {
  1: 'health_center',
  2: 'client',
  3: 'expert',
  4: 'admin',
  5: 'privacy_officer',
  6: 'reidentification_officer',
};

/** The role a seed number stands for; undefined when the number means nothing. */
export const roleOfSeedNumber = (n: number): RoleName | undefined => SEED_ROLES[n];

export const SEED_USER_DOMAIN = 'users.saludtech.invalid';

/** The sign-in e-mail of a seed user name (an e-mail stays as it is, lower-cased). */
export const emailOfUsername = (username: string): string =>
  (username.includes('@') ? username : `${username}@${SEED_USER_DOMAIN}`).toLowerCase();
