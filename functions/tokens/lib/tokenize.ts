/** Tokenizes a checked batch with the active seed: pseudonyms in memory, reversible values into the vault. */

import { type VaultEntry, writeVaultEntries } from '../adapters/vault.repository.ts';
import { fieldDomain } from '../domain/fields.ts';
import { gcmSeal } from '../domain/gcm.ts';
import type { Keyring } from '../domain/keyring.ts';
import { reversibleToken, vaultAad } from '../domain/token-format.ts';
import {
  type Actor,
  checkTokenizeItems,
  type TokenizeCheck,
  type TokenizeItem,
} from '../domain/tokenize-request.ts';

export type TokenizeOutcome =
  | { ok: true; tokens: string[]; seedVersion: number }
  | Extract<TokenizeCheck, { ok: false }>;

/** Checks the whole batch first; tokens are returned only after every vault write succeeded. */
export async function tokenizeBatch(
  items: readonly TokenizeItem[],
  actor: Actor,
  keyring: () => Promise<Keyring>,
): Promise<TokenizeOutcome> {
  const checked = checkTokenizeItems(items, actor);
  if (!checked.ok) return checked;
  const ring = await keyring();
  const tokens: string[] = new Array(checked.items.length);
  const vault = new Map<string, VaultEntry>();
  for (let i = 0; i < checked.items.length; i++) {
    const { field, value, issuer } = checked.items[i] as TokenizeItem;
    if (fieldDomain(field).kind === 'pseudonym') {
      tokens[i] = ring.pseudonym(field, value, issuer);
      continue;
    }
    const token = reversibleToken(ring, field, value);
    tokens[i] = token;
    // The same value twice in a batch is one token and one vault entry.
    if (!vault.has(token))
      vault.set(token, {
        token,
        field,
        seedVersion: ring.version,
        ...gcmSeal(ring.subkey('reversible'), value, vaultAad(field, token)),
      });
  }
  if (vault.size > 0) await writeVaultEntries([...vault.values()]);
  return { ok: true, tokens, seedVersion: ring.version };
}
