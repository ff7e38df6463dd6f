/** The identity context's part of the function manifest. */
import { UserRegisteredV1 } from '../../schemas/identity/v1/user-registered.event.ts';
import { http, small } from '../manifest.helpers.ts';
import { type FunctionSpec, ROLES, type TopicSpec } from '../manifest.types.ts';

export const topics = {
  'identity.events': { context: 'identity', carries: [UserRegisteredV1] },
} as const satisfies Record<string, TopicSpec>;

export const functions = {
  'register-user': {
    ...small,
    context: 'identity',
    description: 'Creates an Identity Platform user with a role claim and publishes UserRegistered (admin).',
    trigger: http('POST', '/users', ['admin']),
  },
  'sign-in': {
    ...small,
    context: 'identity',
    description: 'Seed 002 sign-in: user name (or e-mail) and password → an Identity Platform ID token.',
    trigger: http('POST', '/login', 'public'),
  },
  'get-me': {
    ...small,
    context: 'identity',
    description: "Returns the caller's identity and roles.",
    trigger: http('GET', '/me', ROLES),
  },
} as const satisfies Record<string, FunctionSpec>;
