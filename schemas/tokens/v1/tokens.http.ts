/** HTTP bodies of the tokens context: rotate, tokenize, detokenize, token metadata. */
import { z } from 'zod';
import { FieldName, Purpose, SeedVersion, Token } from './token-fields.ts';

export const SeedRotated = z.object({
  version: SeedVersion,
  status: z.literal('active'),
  previousVersion: SeedVersion.optional(),
  createdAt: z.iso.datetime(),
});

/** Field domain, value limits and issuer rules are checked item by item after this shape check. */
export const TokenizeBody = z.strictObject({
  items: z
    .array(
      z.strictObject({
        field: z.string().max(100),
        value: z.string(),
        /**
         * The issuing center's code (as in upload paths). A health center is always its own issuer: it may
         * omit it or name itself, never another (403). Admins name it for local identifiers.
         */
        issuer: z.string().min(1).max(100).optional(),
      }),
    )
    .min(1),
});

export const Tokenized = z.object({ seedVersion: SeedVersion, tokens: z.array(Token) });

export const DetokenizeBody = z.strictObject({
  tokens: z.array(Token).min(1).max(100),
  purpose: Purpose,
});

export const Detokenized = z.object({ values: z.array(z.object({ token: Token, value: z.string() })) });

export const TokenParams = z.object({ token: Token });

export const TokenInfo = z.object({
  token: Token,
  kind: z.enum(['pseudonym', 'reversible']),
  field: FieldName,
  seedVersion: SeedVersion,
  seedStatus: z.enum(['active', 'decrypt-only', 'retired']),
  /** Reversible tokens only: when the vault entry was written and how often it was revealed. */
  createdAt: z.iso.datetime().optional(),
  revealCount: z.number().int().nonnegative().optional(),
});
