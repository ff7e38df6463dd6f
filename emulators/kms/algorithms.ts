/** The key algorithms the stand-in implements, and how their key material is made and loaded. */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { failedPrecondition, invalidArgument, unimplemented } from './grpc-errors.ts';
import type { Purpose, StoredVersion } from './kms-state.ts';

interface SymmetricSpec {
  kind: 'aes-256-gcm';
  purpose: 'ENCRYPT_DECRYPT';
}
interface HmacSpec {
  kind: 'hmac';
  purpose: 'MAC';
  hash: string;
  keyBytes: number;
}
export interface EcSignSpec {
  kind: 'ec';
  purpose: 'ASYMMETRIC_SIGN';
  curve: string;
  hash: 'sha256' | 'sha384';
  digestBytes: number;
}
export type AlgorithmSpec = SymmetricSpec | HmacSpec | EcSignSpec;

// HMAC key sizes are those Cloud KMS generates (the hash's output length).
const ALGORITHMS: Record<string, AlgorithmSpec> = {
  GOOGLE_SYMMETRIC_ENCRYPTION: { kind: 'aes-256-gcm', purpose: 'ENCRYPT_DECRYPT' },
  HMAC_SHA1: { kind: 'hmac', purpose: 'MAC', hash: 'sha1', keyBytes: 20 },
  HMAC_SHA224: { kind: 'hmac', purpose: 'MAC', hash: 'sha224', keyBytes: 28 },
  HMAC_SHA256: { kind: 'hmac', purpose: 'MAC', hash: 'sha256', keyBytes: 32 },
  HMAC_SHA384: { kind: 'hmac', purpose: 'MAC', hash: 'sha384', keyBytes: 48 },
  HMAC_SHA512: { kind: 'hmac', purpose: 'MAC', hash: 'sha512', keyBytes: 64 },
  EC_SIGN_P256_SHA256: {
    kind: 'ec',
    purpose: 'ASYMMETRIC_SIGN',
    curve: 'prime256v1',
    hash: 'sha256',
    digestBytes: 32,
  },
  EC_SIGN_P384_SHA384: {
    kind: 'ec',
    purpose: 'ASYMMETRIC_SIGN',
    curve: 'secp384r1',
    hash: 'sha384',
    digestBytes: 48,
  },
};

const SUPPORTED_PURPOSES: readonly string[] = ['ENCRYPT_DECRYPT', 'MAC', 'ASYMMETRIC_SIGN'];
const KNOWN_PURPOSES: readonly string[] = [
  'ASYMMETRIC_DECRYPT',
  'RAW_ENCRYPT_DECRYPT',
  'KEY_ENCAPSULATION',
  'AES_WRAPPING',
];

/** Checks a CreateCryptoKey purpose: unspecified is a client error, real-but-unsupported ones are UNIMPLEMENTED. */
export function checkPurpose(purpose: string): Purpose {
  if (SUPPORTED_PURPOSES.includes(purpose)) return purpose as Purpose;
  if (KNOWN_PURPOSES.includes(purpose)) throw unimplemented(`purpose ${purpose}`);
  throw invalidArgument('crypto_key.purpose must be specified.');
}

/** Resolves the version template algorithm for a purpose (only ENCRYPT_DECRYPT has a default). */
export function checkAlgorithm(purpose: Purpose, algorithm: string): string {
  if (algorithm === 'CRYPTO_KEY_VERSION_ALGORITHM_UNSPECIFIED' || algorithm === '') {
    if (purpose === 'ENCRYPT_DECRYPT') return 'GOOGLE_SYMMETRIC_ENCRYPTION';
    throw invalidArgument('crypto_key.version_template.algorithm must be specified.');
  }
  const spec = ALGORITHMS[algorithm];
  if (!spec) throw unimplemented(`algorithm ${algorithm}`);
  if (spec.purpose !== purpose) {
    throw invalidArgument(`Algorithm ${algorithm} is not compatible with purpose ${purpose}.`);
  }
  return algorithm;
}

export function specOf(algorithm: string): AlgorithmSpec {
  const spec = ALGORITHMS[algorithm];
  if (!spec) throw new Error(`stored version uses unknown algorithm ${algorithm}`);
  return spec;
}

/** Fresh key material for a new version, base64 as it is stored. */
export function generateMaterial(algorithm: string): string {
  const spec = specOf(algorithm);
  if (spec.kind === 'aes-256-gcm') return randomBytes(32).toString('base64');
  if (spec.kind === 'hmac') return randomBytes(spec.keyBytes).toString('base64');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: spec.curve });
  return privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

// Decoded material per version object. Every accessor re-checks `material`, so a destroyed
// version (material wiped in place) can never be served from the cache.
const secretCache = new WeakMap<StoredVersion, Buffer>();
const privateCache = new WeakMap<StoredVersion, KeyObject>();
const publicCache = new WeakMap<StoredVersion, KeyObject>();

function materialOf(version: StoredVersion): string {
  // Callers check the state first; this guards against ever using wiped material.
  if (version.material === null) throw failedPrecondition(`${version.name} has no key material.`);
  return version.material;
}

export function secretKey(version: StoredVersion): Buffer {
  const material = materialOf(version);
  let key = secretCache.get(version);
  if (!key) {
    key = Buffer.from(material, 'base64');
    secretCache.set(version, key);
  }
  return key;
}

export function privateKey(version: StoredVersion): KeyObject {
  const material = materialOf(version);
  let key = privateCache.get(version);
  if (!key) {
    key = createPrivateKey({ key: Buffer.from(material, 'base64'), format: 'der', type: 'pkcs8' });
    privateCache.set(version, key);
  }
  return key;
}

export function publicKey(version: StoredVersion): KeyObject {
  materialOf(version);
  let key = publicCache.get(version);
  if (!key) {
    key = createPublicKey(privateKey(version));
    publicCache.set(version, key);
  }
  return key;
}
