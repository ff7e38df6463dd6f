/** A keyring whose deterministic derivations are cached per keyring. */
import type { Keyring } from '../../../tokens/lib/index.ts';

const memos = new WeakMap<Keyring, Keyring>();
const MEMO_LIMIT = 50_000;

/**
 * The same keyring with its deterministic derivations cached: the files of one study share study,
 * series and frame-of-reference UIDs and one patient, and an HMAC per lookup is most of the CPU time.
 */
export function memoized(keyring: Keyring): Keyring {
  const known = memos.get(keyring);
  if (known) return known;
  const cache = new Map<string, string | number>();
  const memo = <T extends string | number>(key: string, make: () => T): T => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit as T;
    if (cache.size >= MEMO_LIMIT) cache.clear();
    const value = make();
    cache.set(key, value);
    return value;
  };
  const wrapped: Keyring = {
    version: keyring.version,
    pseudonym: (field, value, issuer) =>
      memo(`p\0${field}\0${issuer ?? ''}\0${value}`, () => keyring.pseudonym(field, value, issuer)),
    dateOffsetDays: (issuer, patientId) =>
      memo(`d\0${issuer}\0${patientId}`, () => keyring.dateOffsetDays(issuer, patientId)),
    remapUid: (uid) => memo(`u\0${uid}`, () => keyring.remapUid(uid)),
    subkey: (purpose) => keyring.subkey(purpose),
  };
  memos.set(keyring, wrapped);
  return wrapped;
}
