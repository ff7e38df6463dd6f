/** `POST /users` (admin), `POST /login` and `GET /me` bodies; the seed's `{username, password, role}` works as written. */
import { z } from 'zod';
import { Email, Role, Uid } from './user.fields.ts';

/** A seed user name (seed 002): becomes the sign-in e-mail `<username>@users.saludtech.invalid`. */
export const SeedUsername = z.string().regex(/^[A-Za-z0-9._-]{3,64}$/, '3–64 letters, digits, . _ or -');
/** The seed's role numbers (functions/identity/domain/seed-roles.ts): 1 health_center … 6 reidentification_officer. */
const SEED_ROLE_NUMBERS = [1, 2, 3, 4, 5, 6];

/**
 * Our body (`email` + named `role`, no password: the user sets it through Identity Platform's own flow),
 * or the seed's (`username`, `password`, numbered `role`). Exactly one of `email` and `username`.
 */
export const RegisterUserBody = z
  .strictObject({
    email: Email.optional(),
    /** Seed form: the user name the seed signs in with (`POST /login`). */
    username: SeedUsername.optional(),
    /** Seed form: the initial password (Identity Platform requires at least 6 characters). */
    password: z.string().min(6).max(128).optional(),
    /** A role name, or the seed's number: 1 health_center, 2 client, 3 expert, 4 admin, 5 privacy_officer, 6 reidentification_officer. */
    role: z.union([Role, z.number().int()]),
    /** Required for `health_center` users: the only center they act for. */
    centerId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,128}$/)
      .optional(),
    language: z.enum(['es', 'en']).default('es'),
    displayName: z.string().trim().min(1).max(120).optional(),
  })
  .superRefine((b, ctx) => {
    if ((b.email === undefined) === (b.username === undefined))
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'give exactly one of email or username' });
    if (typeof b.role === 'number' && !SEED_ROLE_NUMBERS.includes(b.role))
      ctx.addIssue({
        code: 'custom',
        path: ['role'],
        message:
          'unknown role number: 1 health_center, 2 client, 3 expert, 4 admin, 5 privacy_officer, 6 reidentification_officer',
      });
    if ((b.role === 'health_center' || b.role === 1) && !b.centerId)
      ctx.addIssue({ code: 'custom', path: ['centerId'], message: 'required for role health_center' });
  });
export type RegisterUserBody = z.infer<typeof RegisterUserBody>;

export const RegisteredUser = z.object({
  uid: Uid,
  roles: z.array(Role),
  centerId: z.string().optional(),
  language: z.enum(['es', 'en']),
});

export const Me = z.object({
  uid: Uid,
  roles: z.array(Role),
  centerId: z.string().optional(),
  email: z.string().optional(),
});

/** `POST /login` (seed 002): a user name (or e-mail) and password. */
export const LoginBody = z.strictObject({
  username: z.union([Email, SeedUsername]),
  password: z.string().min(1).max(128),
});
export type LoginBody = z.infer<typeof LoginBody>;

/** The Identity Platform ID token to send as `Authorization: Bearer`, and what renews it. */
export const LoginAnswer = z.object({
  token: z.string(),
  expiresIn: z.number().int(),
  refreshToken: z.string(),
});
