/** `POST /users` (admin) and `GET /me` bodies. The seed's `{username, password, role}` became e-mail + named role. */
import { z } from 'zod';
import { Email, Role, Uid } from './user.fields.ts';

/** No password: the user sets it through Identity Platform's own flow (reset link / sign-in page). */
export const RegisterUserBody = z
  .strictObject({
    email: Email,
    role: Role,
    /** Required for `health_center` users: the only center they act for. */
    centerId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,128}$/)
      .optional(),
    language: z.enum(['es', 'en']).default('es'),
    displayName: z.string().trim().min(1).max(120).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.role === 'health_center' && !b.centerId)
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
