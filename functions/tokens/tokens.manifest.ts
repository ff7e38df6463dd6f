/** The tokens context's part of the function manifest. */
import { CenterRegisteredV2 } from '../../schemas/centers/v2/center-registered.event.ts';
import { TokenRevealedV1 } from '../../schemas/tokens/v1/token-revealed.event.ts';
import { TokenSeedRotatedV1 } from '../../schemas/tokens/v1/token-seed-rotated.event.ts';
import { http, pubsub, small } from '../manifest.helpers.ts';
import type { FunctionSpec, TopicSpec } from '../manifest.types.ts';

export const topics = {
  'tokens.events': { context: 'tokens', carries: [TokenSeedRotatedV1, TokenRevealedV1] },
} as const satisfies Record<string, TopicSpec>;

export const functions = {
  'rotate-token-seed': {
    ...small,
    context: 'tokens',
    description: 'Rotates the token seed: a new HSM seed version becomes active; publishes TokenSeedRotated.',
    trigger: http('POST', '/token-seeds', ['admin']),
  },
  tokenize: {
    ...small,
    // 10,000 items per call: room for the batch, its vault writes and the keyring.
    memory: '512Mi',
    context: 'tokens',
    description: 'Tokenizes up to 10,000 values (pseudonyms and reversible vault tokens), all or nothing.',
    trigger: http('POST', '/tokens:tokenize', ['health_center', 'admin']),
  },
  'project-issuer-centers': {
    ...small,
    context: 'tokens',
    description:
      'Keeps the tokens list of registered centers (id → code, the issuer key) from centers events.',
    trigger: pubsub('centers.events', [CenterRegisteredV2]),
  },
  detokenize: {
    ...small,
    context: 'tokens',
    description:
      'Reveals reversible tokens to a re-identification officer, with purpose, audit and TokenRevealed.',
    trigger: http('POST', '/tokens:detokenize', ['reidentification_officer']),
  },
  'get-token': {
    ...small,
    context: 'tokens',
    description: 'Token metadata (kind, field, seed version, created, reveal count); never the value.',
    trigger: http('GET', '/tokens/{token}', [
      'admin',
      'health_center',
      'client',
      'expert',
      'reidentification_officer',
    ]),
  },
} as const satisfies Record<string, FunctionSpec>;
