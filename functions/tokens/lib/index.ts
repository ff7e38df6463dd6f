/**
 * The tokens context's in-process library for other contexts (imaging, results, notifications): the
 * same code the HTTP functions run, without HTTP. Keys are unwrapped through KMS and cached in memory
 * for `TOKEN_SEED_CACHE_TTL_SECONDS` (default 5 min): KMS calls are O(seed versions per TTL), never O(tokens).
 */
import { kmsConfig } from '../../platform/config.ts';
import { IN_PROCESS } from '../domain/issuer-rule.ts';
import type { Keyring } from '../domain/keyring.ts';
import type { Actor, TokenizeItem } from '../domain/tokenize-request.ts';
import { FieldUnreadable, openWith, SealedField, sealWith } from './field-encryption.ts';
import { createKeyringCache, type KeyringCache } from './keyring-cache.ts';
import { pinnedKeyring } from './linkage.ts';
import { tokenizeBatch } from './tokenize.ts';

export { centerCodeOf } from '../adapters/issuer-centers.repository.ts';
export { kmsCallCount } from '../adapters/kms.adapter.ts';
export { decideIssuer, type IssuerCaller } from '../domain/issuer-rule.ts';
export { type Keyring, keyringFromSeed } from '../domain/keyring.ts';
export { SeedUnavailable } from '../domain/seed.ts';
export type { TokenizeItem } from '../domain/tokenize-request.ts';
export { FieldUnreadable, SealedField } from './field-encryption.ts';
export { issuerCallerOf, issuerProblem } from './issuer.ts';

let cache: KeyringCache | undefined;
/** The process-wide cache (created on first use, with the TTL from config). */
export function keyringCache(): KeyringCache {
  cache ??= createKeyringCache({ ttlMs: kmsConfig().seedCacheTtlSeconds * 1000 });
  return cache;
}

/** The keyring of the active seed version (bootstraps version 1 if no seed exists yet). */
export const activeKeyring = (): Promise<Keyring> => keyringCache().active();

/** The keyring of one seed version (active or decrypt-only); throws SeedUnavailable for retired/unknown ones. */
export const keyringFor = (version: number): Promise<Keyring> => keyringCache().forVersion(version);

/** Forgets every cached seed (tests, or after an operator retires a version). */
export const clearKeyringCache = (): void => keyringCache().clear();

/** A tokenize batch was refused; `errors` name the items (never their values). */
export class TokenizeRejected extends Error {
  constructor(
    readonly status: 400 | 403,
    readonly slug: string,
    readonly errors: { field: string; message: string }[],
    detail: string,
  ) {
    super(detail);
  }
}

/**
 * Tokens for a batch (≤ 10,000 items), in order: all or nothing. In-process callers name each item's issuer
 * (a center code); `opts` restricts them as for an HTTP caller. Throws TokenizeRejected on bad input.
 */
export async function tokenize(items: readonly TokenizeItem[], opts: Actor = IN_PROCESS): Promise<string[]> {
  const out = await tokenizeBatch(items, opts, activeKeyring);
  if (!out.ok) throw new TokenizeRejected(out.status, out.slug, out.errors, out.detail);
  return out.tokens;
}

/** Encrypts a value for storage by another context; `aad` names where it lives (e.g. `results/{id}/notes`). */
export async function sealField(plaintext: string, aad: string): Promise<SealedField> {
  return sealWith(await activeKeyring(), plaintext, aad);
}

/** Opens a sealed field with the seed version it names; throws FieldUnreadable if anything does not match. */
export async function openField(sealed: SealedField, aad: string): Promise<string> {
  const parsed = SealedField.safeParse(sealed);
  if (!parsed.success) throw new FieldUnreadable();
  return openWith(await keyringFor(parsed.data.keyVersion), parsed.data, aad);
}

/** Re-seals a field under the active version (before its old version is retired). */
export async function resealField(sealed: SealedField, aad: string): Promise<SealedField> {
  return sealField(await openField(sealed, aad), aad);
}

/**
 * The keyring for a patient's linkage values (pseudonym, date offset, UID remap) at an issuer: pinned to
 * the version that first saw the patient, so linkage survives rotations (see linkage.ts).
 */
export const linkageKeyring = (issuer: string, patientId: string): Promise<Keyring> =>
  pinnedKeyring(issuer, patientId, keyringFor, activeKeyring, clearKeyringCache);
