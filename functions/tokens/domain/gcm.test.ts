import { describe, expect, it } from 'vitest';
import { gcmOpen, gcmSeal } from './gcm.ts';

const key = Buffer.alloc(32, 9);

describe('AES-256-GCM', () => {
  it('opens what it sealed, with a fresh IV each time', () => {
    const a = gcmSeal(key, 'sensitive', 'aad');
    expect(gcmOpen(key, a, 'aad')).toBe('sensitive');
    expect(gcmSeal(key, 'sensitive', 'aad').iv).not.toBe(a.iv);
    expect(JSON.stringify(a)).not.toContain('sensitive');
  });

  it('refuses the wrong AAD, the wrong key, a flipped ciphertext and a truncated tag', () => {
    const s = gcmSeal(key, 'sensitive', 'aad');
    expect(gcmOpen(key, s, 'other')).toBeUndefined();
    expect(gcmOpen(Buffer.alloc(32, 1), s, 'aad')).toBeUndefined();
    const ct = Buffer.from(s.ct, 'base64url');
    ct[0] = (ct[0] as number) ^ 1;
    expect(gcmOpen(key, { ...s, ct: ct.toString('base64url') }, 'aad')).toBeUndefined();
    const shortTag = Buffer.from(s.tag, 'base64url').subarray(0, 4).toString('base64url');
    expect(gcmOpen(key, { ...s, tag: shortTag }, 'aad')).toBeUndefined();
  });
});
