/**
 * Cloud KMS for the token key hierarchy: HSM randomness for new seeds, and wrapping/unwrapping them
 * with the key-encryption key (which never leaves KMS). Every call is counted, so a benchmark can show
 * that KMS traffic grows with seed versions, not with tokens.
 */
import type { KeyManagementServiceClient } from '@google-cloud/kms';
import { config, kmsConfig } from '../../platform/config.ts';
import { createKmsClient } from '../../platform/kms-client.ts';
import { seedAad } from '../domain/seed.ts';

let client: KeyManagementServiceClient | undefined;
let calls = 0;
let ensured: Promise<void> | undefined;

const kms = () => {
  client ??= createKmsClient();
  return client;
};

/** KMS calls made by this process so far (key set-up, random bytes, encrypt, decrypt). */
export const kmsCallCount = (): number => calls;

/** Resource names of the key ring and its keys, from config (infra declares the same names). */
export function kmsNames() {
  const c = kmsConfig();
  const location = `projects/${config().projectId}/locations/${c.location}`;
  const ring = `${location}/keyRings/${c.keyRing}`;
  return {
    location,
    ring,
    kek: `${ring}/cryptoKeys/${c.kekKey}`,
    signing: `${ring}/cryptoKeys/${c.signingKey}`,
  };
}

const ALREADY_EXISTS = 6;
const ignoreExisting = (e: { code?: number }) => {
  if (e.code !== ALREADY_EXISTS) throw e;
};

/**
 * Against the local stand-in only: creates the key ring and keys on first use (idempotent: an existing
 * one is kept). In production Terraform declares them and functions have no permission to create keys.
 */
function ensureKeys(): Promise<void> {
  if (!process.env.KMS_EMULATOR_HOST) return Promise.resolve();
  ensured ??= (async () => {
    const c = kmsConfig();
    const { location, ring } = kmsNames();
    calls++;
    await kms().createKeyRing({ parent: location, keyRingId: c.keyRing }).catch(ignoreExisting);
    calls += 2;
    await Promise.all([
      kms()
        .createCryptoKey({
          parent: ring,
          cryptoKeyId: c.kekKey,
          cryptoKey: { purpose: 'ENCRYPT_DECRYPT', versionTemplate: { protectionLevel: c.protectionLevel } },
        })
        .catch(ignoreExisting),
      kms()
        .createCryptoKey({
          parent: ring,
          cryptoKeyId: c.signingKey,
          cryptoKey: {
            purpose: 'ASYMMETRIC_SIGN',
            versionTemplate: { algorithm: 'EC_SIGN_P256_SHA256', protectionLevel: c.protectionLevel },
          },
        })
        .catch(ignoreExisting),
    ]);
  })().catch((e) => {
    ensured = undefined; // a failed set-up is retried by the next call
    throw e;
  });
  return ensured;
}

/** 32 fresh bytes from the HSM (GenerateRandomBytes exists only at the HSM protection level). */
export async function generateSeed(): Promise<Buffer> {
  await ensureKeys();
  calls++;
  const [res] = await kms().generateRandomBytes({
    location: kmsNames().location,
    lengthBytes: 32,
    protectionLevel: 'HSM',
  });
  return Buffer.from(res.data as Uint8Array);
}

/** Wraps a seed under the KEK, bound to its version by the AAD. */
export async function wrapSeed(seed: Buffer, version: number): Promise<Buffer> {
  await ensureKeys();
  calls++;
  const [res] = await kms().encrypt({
    name: kmsNames().kek,
    plaintext: seed,
    additionalAuthenticatedData: Buffer.from(seedAad(version)),
  });
  return Buffer.from(res.ciphertext as Uint8Array);
}

/** Unwraps a stored seed; KMS refuses it if it was stored under another version. */
export async function unwrapSeed(wrapped: Buffer, version: number): Promise<Buffer> {
  await ensureKeys();
  calls++;
  const [res] = await kms().decrypt({
    name: kmsNames().kek,
    ciphertext: wrapped,
    additionalAuthenticatedData: Buffer.from(seedAad(version)),
  });
  return Buffer.from(res.plaintext as Uint8Array);
}
