import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveSubkey, keyringFromSeed } from './keyring.ts';

const seed = Buffer.alloc(32, 7);

describe('keyring pseudonyms', () => {
  it('are HMAC-SHA256 under the field sub-key over issuer + canonical value, 24 bytes base64url', () => {
    const mac = createHmac('sha256', deriveSubkey(seed, 'pseudonym:patient_id'))
      .update('center-a\u0000mrn001')
      .digest()
      .subarray(0, 24)
      .toString('base64url');
    expect(keyringFromSeed(seed, 3).pseudonym('patient_id', ' MRN-001 ', 'center-a')).toBe(
      `psn:patient_id:v3:${mac}`,
    );
  });

  it('scope local ids to their issuer, link shared ids across issuers, and never collide across fields', () => {
    const k = keyringFromSeed(seed, 1);
    expect(k.pseudonym('patient_id', '42', 'a')).not.toBe(k.pseudonym('patient_id', '42', 'b'));
    expect(k.pseudonym('cedula', '42', 'a')).toBe(k.pseudonym('cedula', '42', 'b'));
    expect(k.pseudonym('cedula', '42').split(':')[3]).not.toBe(k.pseudonym('rut', '42').split(':')[3]);
  });

  it('differ between seed versions, so a verifier must use the version the token names', () => {
    const other = Buffer.alloc(32, 8);
    expect(keyringFromSeed(seed, 1).pseudonym('cedula', '42')).not.toBe(
      keyringFromSeed(other, 2).pseudonym('cedula', '42'),
    );
  });

  it('remap UIDs to valid 2.25 UIDs of at most 64 characters', () => {
    const uid = keyringFromSeed(seed, 1).remapUid('1.2.840.113619.2.55.3.604688119.971.1');
    expect(uid).toMatch(/^2\.25\.(0|[1-9][0-9]*)$/);
    expect(uid.length).toBeLessThanOrEqual(64);
  });
});
