/** UserRegistered v1: a user now exists in Identity Platform with these roles (seed 002: UserCreatedEvent). */
import { z } from 'zod';
import { defineEvent } from '../../message.ts';
import { Role, Uid } from './user.fields.ts';

// Ids and roles only: the e-mail address stays in Identity Platform; notifications resolves it by uid.
export const UserRegisteredV1 = defineEvent(
  'identity',
  'user-registered',
  1,
  z.object({
    userId: Uid,
    roles: z.array(Role).min(1),
    centerId: z.string().min(1).max(128).optional(),
    language: z.enum(['es', 'en']),
    registeredAt: z.iso.datetime(),
  }),
);
export type UserRegistered = z.infer<typeof UserRegisteredV1.schema>;
