import { describe, expect, it } from 'vitest';
import { keyringFromSeed } from './keyring.ts';
import { parseToken, reversibleToken, reversibleTokenIntact } from './token-format.ts';

const ring = keyringFromSeed(Buffer.alloc(32, 1), 4);

describe('token format', () => {
  it('reads kind, field and version from pseudonyms and reversible tokens', () => {
    expect(parseToken(ring.pseudonym('cedula', '123'))).toMatchObject({
      kind: 'pseudonym',
      field: 'cedula',
      version: 4,
    });
    const t = reversibleToken(ring, 'email', 'a@b.example');
    expect(t).toMatch(/^rvt:email:v4:[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{11}$/);
    expect(parseToken(t)).toMatchObject({ kind: 'reversible', field: 'email', version: 4 });
  });

  it('refuses shapes that are not tokens, including a kind that does not match its body', () => {
    for (const bad of [
      '',
      'psn:cedula:v0:x',
      'abc',
      `rvt:cedula:v1:${'a'.repeat(32)}`,
      `psn:email:v1:${'a'.repeat(22)}.${'b'.repeat(11)}`,
    ])
      expect(parseToken(bad)).toBeUndefined();
  });

  it('makes the same reversible token for the same canonical value, so a retried batch converges', () => {
    expect(reversibleToken(ring, 'email', 'A@B.example')).toBe(
      reversibleToken(ring, 'email', ' a@b.example'),
    );
    expect(reversibleToken(ring, 'email', 'a@b.example')).not.toBe(
      reversibleToken(ring, 'email', 'c@b.example'),
    );
  });

  it('detects any edit of a reversible token: field, version, id or check', () => {
    const t = reversibleToken(ring, 'email', 'a@b.example');
    expect(reversibleTokenIntact(ring, t)).toBe(true);
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    for (const tampered of [t.replace('email', 'phone'), flip(t, 15), flip(t, t.length - 1)])
      expect(reversibleTokenIntact(ring, tampered)).toBe(false);
    expect(reversibleTokenIntact(keyringFromSeed(Buffer.alloc(32, 2), 4), t)).toBe(false);
  });
});
