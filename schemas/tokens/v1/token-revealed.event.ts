/** TokenRevealed v1: a re-identification officer revealed a reversible token (who, which, why, when — never the value). */
import { z } from 'zod';
import { defineEvent } from '../../message.ts';
import { FieldName, Purpose, SeedVersion, Token } from './token-fields.ts';

export const TokenRevealedV1 = defineEvent(
  'tokens',
  'revealed',
  1,
  z.object({
    token: Token,
    field: FieldName,
    seedVersion: SeedVersion,
    revealedBy: z.string().min(1),
    purpose: Purpose,
    revealedAt: z.iso.datetime(),
  }),
);
export type TokenRevealed = z.infer<typeof TokenRevealedV1.schema>;
