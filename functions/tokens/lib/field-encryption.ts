/**
 * Field encryption for data other contexts keep at rest (clinical free text, emails, personal data).
 *
 * Choice: a per-record key derived by HKDF from the seed's `field-encryption` sub-key and a random
 * per-record salt, rather than a per-record data key wrapped by a KMS Encrypt call. Both give every
 * record its own AES-256-GCM key; the derived one costs no KMS round trip per record (KMS traffic stays
 * O(seed versions), the same budget as tokens) and stores nothing extra. Rotation: a sealed field names
 * its `keyVersion`, and older seed versions stay decrypt-only, so fields sealed before a rotation still
 * open; before a version is retired its fields must be re-sealed (`resealField`), which is local and cheap.
 * Only ciphertext leaves this module: the calling context decides who may call `openField`.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { gcmOpen, gcmSeal } from '../domain/gcm.ts';
import type { Keyring } from '../domain/keyring.ts';

export const SEALED_ALG = 'A256GCM-HKDF-SHA256';

/** JSON-serializable, storable in Firestore as is; never contains plaintext. */
export const SealedField = z.object({
  v: z.literal(1),
  alg: z.literal(SEALED_ALG),
  keyVersion: z.number().int().positive(),
  salt: z.string().min(1),
  iv: z.string().min(1),
  ct: z.string(),
  tag: z.string().min(1),
});
export type SealedField = z.infer<typeof SealedField>;

export class FieldUnreadable extends Error {
  constructor() {
    super('sealed field cannot be opened: wrong AAD, tampered, or not a sealed field');
  }
}

const recordKey = (ring: Keyring, salt: Buffer) =>
  Buffer.from(hkdfSync('sha256', ring.subkey('field-encryption'), salt, 'field-record', 32));

// The header is authenticated too, so a sealed field cannot be relabelled with another version or algorithm.
const boundAad = (keyVersion: number, aad: string) => `v1\u0000${SEALED_ALG}\u0000${keyVersion}\u0000${aad}`;

export function sealWith(ring: Keyring, plaintext: string, aad: string): SealedField {
  const salt = randomBytes(16);
  return {
    v: 1,
    alg: SEALED_ALG,
    keyVersion: ring.version,
    salt: salt.toString('base64url'),
    ...gcmSeal(recordKey(ring, salt), plaintext, boundAad(ring.version, aad)),
  };
}

export function openWith(ring: Keyring, sealed: SealedField, aad: string): string {
  const opened = gcmOpen(
    recordKey(ring, Buffer.from(sealed.salt, 'base64url')),
    sealed,
    boundAad(sealed.keyVersion, aad),
  );
  if (opened === undefined) throw new FieldUnreadable();
  return opened;
}
