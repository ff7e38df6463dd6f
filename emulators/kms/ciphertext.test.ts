import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ENVELOPE_OVERHEAD, open, seal, versionOf } from './ciphertext.ts';

const key = randomBytes(32);
const aad = Buffer.from('study-123');
const plaintext = Buffer.from('patient data');

describe('ciphertext envelope', () => {
  it('opens what it sealed and records the version number', () => {
    const ct = seal(key, 7, plaintext, aad);
    expect(ct.length).toBe(plaintext.length + ENVELOPE_OVERHEAD);
    expect(versionOf(ct)).toBe(7);
    expect(open(key, ct, aad)).toEqual(plaintext);
  });

  it('uses a fresh IV each time, so equal plaintexts give different ciphertexts', () => {
    expect(seal(key, 1, plaintext, aad).equals(seal(key, 1, plaintext, aad))).toBe(false);
  });

  it('refuses the wrong AAD, the wrong key and any flipped bit', () => {
    const ct = seal(key, 1, plaintext, aad);
    expect(open(key, ct, Buffer.from('study-124'))).toBeNull();
    expect(open(randomBytes(32), ct, aad)).toBeNull();
    for (const i of [0, 3, 10, ct.length - 1]) {
      const tampered = Buffer.from(ct);
      tampered[i] = (tampered[i] as number) ^ 0x01;
      expect(open(key, tampered, aad)).toBeNull();
    }
  });

  it('does not recognise short or foreign blobs', () => {
    expect(versionOf(Buffer.alloc(5))).toBeNull();
    expect(versionOf(Buffer.alloc(64, 0x02))).toBeNull();
    expect(open(key, Buffer.from('not a ciphertext at all, but long enough'), aad)).toBeNull();
  });
});
