/** The stand-in's ciphertext envelope: AES-256-GCM with the key version number sealed inside. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// Layout: [format 0x01][version number, uint32 BE][12-byte IV][ciphertext][16-byte GCM tag].
// Like real KMS ciphertexts it names the version, so Decrypt on the key finds it after rotation.
const FORMAT = 0x01;
const HEADER_BYTES = 5;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const ENVELOPE_OVERHEAD = HEADER_BYTES + IV_BYTES + TAG_BYTES;

function header(versionNumber: number): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  h[0] = FORMAT;
  h.writeUInt32BE(versionNumber, 1);
  return h;
}

/** Encrypts `plaintext`; the header is authenticated too, so the version number cannot be swapped. */
export function seal(key: Buffer, versionNumber: number, plaintext: Buffer, aad: Buffer): Buffer {
  const head = header(versionNumber);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.concat([head, aad]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([head, iv, body, cipher.getAuthTag()]);
}

/** The version number a ciphertext was sealed under, or null if it is not one of ours. */
export function versionOf(ciphertext: Buffer): number | null {
  if (ciphertext.length < ENVELOPE_OVERHEAD || ciphertext[0] !== FORMAT) return null;
  const n = ciphertext.readUInt32BE(1);
  return n > 0 ? n : null;
}

/** Decrypts, or returns null on any authentication failure (wrong key, wrong AAD, tampering). */
export function open(key: Buffer, ciphertext: Buffer, aad: Buffer): Buffer | null {
  if (versionOf(ciphertext) === null) return null;
  const head = ciphertext.subarray(0, HEADER_BYTES);
  const iv = ciphertext.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES);
  const body = ciphertext.subarray(HEADER_BYTES + IV_BYTES, ciphertext.length - TAG_BYTES);
  const tag = ciphertext.subarray(ciphertext.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.concat([head, aad]));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return null;
  }
}
