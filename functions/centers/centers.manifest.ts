/** The centers context's part of the function manifest. */
import { CenterRegisteredV1 } from '../../schemas/centers/v1/center-registered.event.ts';
import { RegisterCenterV1 } from '../../schemas/centers/v1/register-center.command.ts';
import { CenterRegisteredV2 } from '../../schemas/centers/v2/center-registered.event.ts';
import { http, pubsub, small } from '../manifest.helpers.ts';
import type { FunctionSpec, TopicSpec } from '../manifest.types.ts';

export const topics = {
  'centers.register-center': { context: 'centers', carries: [RegisterCenterV1] },
  // v1 stays carried while v1 messages may still be in flight or replayed; subscribers read it upcast to v2.
  'centers.events': { context: 'centers', carries: [CenterRegisteredV1, CenterRegisteredV2] },
} as const satisfies Record<string, TopicSpec>;

export const functions = {
  'register-center': {
    ...small,
    context: 'centers',
    description: 'Accepts RegisterCenter from an admin and queues it.',
    trigger: http('POST', '/centers', ['admin']),
  },
  'handle-register-center': {
    ...small,
    context: 'centers',
    description: 'Registers the center and publishes CenterRegistered.',
    trigger: pubsub('centers.register-center', [RegisterCenterV1]),
  },
  'project-centers': {
    ...small,
    context: 'centers',
    description: 'Maintains the centers read model from centers events.',
    trigger: pubsub('centers.events', [CenterRegisteredV2]),
  },
  'get-center': {
    ...small,
    context: 'centers',
    description: 'Reads one center from the read model.',
    trigger: http('GET', '/centers/{id}', ['admin', 'health_center', 'client', 'expert']),
  },
  'list-centers': {
    ...small,
    context: 'centers',
    description: 'Lists centers, paginated, from the read model.',
    trigger: http('GET', '/centers', ['admin', 'health_center', 'client', 'expert']),
  },
} as const satisfies Record<string, FunctionSpec>;
