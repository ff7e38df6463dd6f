/** Parses and builds Cloud KMS resource names; malformed names are INVALID_ARGUMENT as in the real API. */
import { invalidArgument } from './grpc-errors.ts';

export interface LocationName {
  project: string;
  location: string;
}
export interface KeyRingName extends LocationName {
  keyRing: string;
}
export interface CryptoKeyName extends KeyRingName {
  cryptoKey: string;
}
export interface CryptoKeyVersionName extends CryptoKeyName {
  version: string;
}

// Key ring and key ids follow the documented `[a-zA-Z0-9_-]{1,63}`; versions are positive integers.
const ID = '[a-zA-Z0-9_-]{1,63}';
const PROJECT = '[a-zA-Z0-9][a-zA-Z0-9.:_-]*';
const LOCATION = '[a-z0-9][a-z0-9-]*';
const LOCATION_RE = new RegExp(`^projects/(${PROJECT})/locations/(${LOCATION})$`);
const KEY_RING_RE = new RegExp(`^projects/(${PROJECT})/locations/(${LOCATION})/keyRings/(${ID})$`);
const CRYPTO_KEY_RE = new RegExp(
  `^projects/(${PROJECT})/locations/(${LOCATION})/keyRings/(${ID})/cryptoKeys/(${ID})$`,
);
const VERSION_RE = new RegExp(
  `^projects/(${PROJECT})/locations/(${LOCATION})/keyRings/(${ID})/cryptoKeys/(${ID})/cryptoKeyVersions/([1-9][0-9]{0,9})$`,
);
const ID_RE = new RegExp(`^${ID}$`);

function mismatch(field: string, value: string, pattern: string): Error {
  return invalidArgument(`Invalid ${field} [${value}]: must match ${pattern}.`);
}

export function parseLocationName(name: string, field = 'name'): LocationName {
  const m = LOCATION_RE.exec(name);
  if (!m) throw mismatch(field, name, 'projects/{project}/locations/{location}');
  return { project: m[1] as string, location: m[2] as string };
}

export function parseKeyRingName(name: string, field = 'name'): KeyRingName {
  const m = KEY_RING_RE.exec(name);
  if (!m) throw mismatch(field, name, 'projects/{project}/locations/{location}/keyRings/{key_ring}');
  return { project: m[1] as string, location: m[2] as string, keyRing: m[3] as string };
}

export function parseCryptoKeyName(name: string, field = 'name'): CryptoKeyName {
  const m = CRYPTO_KEY_RE.exec(name);
  if (!m) throw mismatch(field, name, '.../keyRings/{key_ring}/cryptoKeys/{crypto_key}');
  return {
    project: m[1] as string,
    location: m[2] as string,
    keyRing: m[3] as string,
    cryptoKey: m[4] as string,
  };
}

export function parseCryptoKeyVersionName(name: string, field = 'name'): CryptoKeyVersionName {
  const m = VERSION_RE.exec(name);
  if (!m) throw mismatch(field, name, '.../cryptoKeys/{crypto_key}/cryptoKeyVersions/{crypto_key_version}');
  return {
    project: m[1] as string,
    location: m[2] as string,
    keyRing: m[3] as string,
    cryptoKey: m[4] as string,
    version: m[5] as string,
  };
}

/** Encrypt accepts either a CryptoKey (use its primary) or a specific CryptoKeyVersion. */
export function parseKeyOrVersionName(name: string): { key: string; version: string | null } {
  if (CRYPTO_KEY_RE.test(name)) return { key: name, version: null };
  const v = parseCryptoKeyVersionName(name);
  return { key: cryptoKeyNameOf(v), version: v.version };
}

/** Validates a caller-chosen key ring / crypto key id. */
export function checkId(field: string, id: string): string {
  if (!ID_RE.test(id)) throw mismatch(field, id, ID);
  return id;
}

export const locationNameOf = (n: LocationName): string => `projects/${n.project}/locations/${n.location}`;
export const keyRingNameOf = (n: KeyRingName): string => `${locationNameOf(n)}/keyRings/${n.keyRing}`;
export const cryptoKeyNameOf = (n: CryptoKeyName): string => `${keyRingNameOf(n)}/cryptoKeys/${n.cryptoKey}`;
export const versionNameOf = (key: string, version: string | number): string =>
  `${key}/cryptoKeyVersions/${version}`;
