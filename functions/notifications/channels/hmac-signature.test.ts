import { describe, expect, it } from 'vitest';
import { sign, verify } from './hmac-signature.ts';

describe('HMAC signatures', () => {
  const secret = 'a-secret-of-sixteen-chars';
  const now = 1_800_000_000_000;
  it('verifies what it signed, and nothing else', () => {
    const header = sign(secret, 'payload', now / 1000);
    expect(verify(secret, header, 'payload', now)).toBe(true);
    expect(verify(secret, header, 'payload!', now)).toBe(false);
    expect(verify('another-secret-0000', header, 'payload', now)).toBe(false);
  });
  it('refuses stale or malformed signatures', () => {
    expect(verify(secret, sign(secret, 'p', now / 1000 - 3600), 'p', now)).toBe(false);
    expect(verify(secret, 'v1=abc', 'p', now)).toBe(false);
  });
});
