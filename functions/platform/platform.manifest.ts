/** The platform's own part of the function manifest: the outbox relay's sweep and the dead-letter queues. */
import { http, scheduled, small } from '../manifest.helpers.ts';
import type { FunctionSpec, TopicSpec } from '../manifest.types.ts';

export const topics = {} as const satisfies Record<string, TopicSpec>;

export const functions = {
  'relay-outbox': {
    ...small,
    concurrency: 1,
    maxInstances: 1,
    context: 'platform',
    description:
      'Publishes outbox events whose after-commit relay did not run (a crash, a Pub/Sub outage): every minute.',
    trigger: scheduled('/', '* * * * *', 5),
  },
  'list-dead-letters': {
    ...small,
    context: 'platform',
    description: 'Lists each Pub/Sub function’s dead-letter queue with its waiting messages (admin).',
    trigger: http('GET', '/dead-letters', ['admin']),
  },
  'replay-dead-letters': {
    ...small,
    context: 'platform',
    description: 'Publishes a function’s dead letters on its topic again (admin).',
    trigger: http('POST', '/dead-letters/{function}:replay', ['admin']),
  },
} as const satisfies Record<string, FunctionSpec>;
