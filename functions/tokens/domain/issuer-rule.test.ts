import { describe, expect, it } from 'vitest';
import { decideIssuer, IN_PROCESS } from './issuer-rule.ts';

const center = { center: 'LAB-A', mayNameAny: false };
const admin = { mayNameAny: true };

describe('the issuer of a local identifier', () => {
  it('is the health center itself when it names none, or names itself', () => {
    expect(decideIssuer(center, undefined, true)).toEqual({ ok: true, issuer: 'LAB-A' });
    expect(decideIssuer(center, 'LAB-A', true)).toEqual({ ok: true, issuer: 'LAB-A' });
  });

  it('is refused (403) when a health center names another center, even for a shared field', () => {
    for (const required of [true, false])
      expect(decideIssuer(center, 'LAB-B', required)).toMatchObject({
        ok: false,
        status: 403,
        slug: 'forbidden-issuer',
      });
  });

  it('compares codes exactly: another spelling would be another pseudonym namespace', () => {
    expect(decideIssuer(center, 'lab-a', true)).toMatchObject({ ok: false, status: 403 });
  });

  it('is refused to a non-admin caller that acts for no center', () => {
    expect(decideIssuer({ mayNameAny: false }, undefined, true)).toMatchObject({ ok: false, status: 403 });
    expect(decideIssuer({ mayNameAny: false }, 'LAB-A', false)).toMatchObject({ ok: false, status: 403 });
  });

  it('is whatever an admin names; an admin must name one where the field is scoped to its issuer', () => {
    expect(decideIssuer(admin, 'LAB-B', true)).toEqual({ ok: true, issuer: 'LAB-B' });
    expect(decideIssuer(admin, undefined, true)).toMatchObject({
      ok: false,
      status: 400,
      slug: 'issuer-required',
    });
    expect(decideIssuer(admin, undefined, false)).toEqual({ ok: true, issuer: undefined });
  });

  it('defaults to the own center for an admin who also acts for one', () => {
    const both = { center: 'LAB-A', mayNameAny: true };
    expect(decideIssuer(both, undefined, true)).toEqual({ ok: true, issuer: 'LAB-A' });
    expect(decideIssuer(both, 'LAB-B', true)).toEqual({ ok: true, issuer: 'LAB-B' });
  });

  it('trusts in-process callers as it trusts admins', () => {
    expect(decideIssuer(IN_PROCESS, 'LAB-C', true)).toEqual({ ok: true, issuer: 'LAB-C' });
  });
});
