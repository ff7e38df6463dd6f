/** Resolves the key/version a cryptographic RPC names, enforcing purpose and ENABLED state. */
import { invalidArgument } from './grpc-errors.ts';
import type { Purpose, StoredCryptoKey, StoredVersion } from './kms-state.ts';
import { type KmsStore, requireEnabled } from './kms-store.ts';
import { cryptoKeyNameOf, parseCryptoKeyVersionName } from './resource-names.ts';

export function keyWithPurpose(store: KmsStore, name: string, purpose: Purpose, op: string): StoredCryptoKey {
  const key = store.cryptoKey(name);
  if (key.purpose !== purpose) {
    throw invalidArgument(
      `${op} requires a key with purpose ${purpose}, but ${key.name} has purpose ${key.purpose}.`,
    );
  }
  return key;
}

/** For RPCs that take a CryptoKeyVersion name (MacSign, AsymmetricSign, GetPublicKey, ...). */
export function enabledVersion(
  store: KmsStore,
  versionName: string,
  purpose: Purpose,
  op: string,
): { key: StoredCryptoKey; version: StoredVersion } {
  const key = keyWithPurpose(store, cryptoKeyNameOf(parseCryptoKeyVersionName(versionName)), purpose, op);
  return { key, version: requireEnabled(store.version(versionName)) };
}
