/** TokenSeedRotated v1: a new seed version is active; the previous one is decrypt-only. Never key bytes. */
import { z } from 'zod';
import { defineEvent } from '../../message.ts';
import { SeedVersion } from './token-fields.ts';

export const TokenSeedRotatedV1 = defineEvent(
  'tokens',
  'seed-rotated',
  1,
  z.object({
    version: SeedVersion,
    /** The version that became decrypt-only; absent for the first seed. */
    previousVersion: SeedVersion.optional(),
    rotatedBy: z.string().min(1),
    rotatedAt: z.iso.datetime(),
  }),
);
export type TokenSeedRotated = z.infer<typeof TokenSeedRotatedV1.schema>;
