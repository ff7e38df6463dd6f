/** AES-256-GCM with a random 96-bit IV: the one authenticated cipher of the tokens context. Pure. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface Sealed {
  iv: string;
  ct: string;
  tag: string;
}

/** Encrypts and authenticates `plaintext` bound to `aad`; every output part is base64url. */
export function gcmSeal(key: Buffer, plaintext: string, aad: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    iv: iv.toString('base64url'),
    ct: ct.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
}

/** Decrypts, or returns undefined when the key, the AAD or any byte is wrong. */
export function gcmOpen(key: Buffer, sealed: Sealed, aad: string): string | undefined {
  const tag = Buffer.from(sealed.tag, 'base64url');
  // A short tag would be accepted by setAuthTag and weaken the check: only the full 16 bytes pass.
  if (tag.length !== 16) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}
