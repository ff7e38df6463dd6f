/** The platform's own part of the function manifest: the outbox relay's scheduled sweep. */
import { scheduled, small } from '../manifest.helpers.ts';
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
} as const satisfies Record<string, FunctionSpec>;
