import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c.ts';

describe('crc32c (Castagnoli)', () => {
  it('gives the standard check value for "123456789"', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('gives 0 for empty input', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it('matches the RFC 3720 (iSCSI) vectors', () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
  });

  it('returns an unsigned number even when the top bit is set', () => {
    const value = crc32c(new Uint8Array(32));
    expect(value).toBeGreaterThan(0x80000000);
  });

  it('matches the well-known pangram value', () => {
    expect(crc32c(Buffer.from('The quick brown fox jumps over the lazy dog'))).toBe(0x22620404);
  });
});
