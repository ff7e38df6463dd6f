import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derSignature, signDigest } from './ecdsa.ts';

describe('ECDSA over a precomputed digest', () => {
  for (const [curve, hash] of [
    ['prime256v1', 'sha256'],
    ['secp384r1', 'sha384'],
  ] as const) {
    it(`${curve}: signatures over ${hash}(data) verify with node crypto against the data`, () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
      // Many rounds so both r/s top-bit cases (DER zero padding) are exercised.
      for (let i = 0; i < 40; i++) {
        const data = Buffer.from(`message ${i}`);
        const sig = signDigest(privateKey, curve, createHash(hash).update(data).digest());
        expect(verify(hash, data, publicKey, sig)).toBe(true);
        expect(verify(hash, Buffer.from(`message ${i + 1}`), publicKey, sig)).toBe(false);
      }
    });
  }

  it('DER-encodes integers minimally, padding a set top bit', () => {
    expect(derSignature(1n, 0x80n).toString('hex')).toBe('3007020101020200' + '80');
    expect(derSignature(0x7fn, 0x0100n).toString('hex')).toBe('300702017f02020100');
  });
});
