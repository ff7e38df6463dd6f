import { describe, expect, it } from 'vitest';
import { authenticate, hasAnyRole } from './auth.ts';

const verify = async (token: string) => {
  if (token === 'good') return { uid: 'u1', roles: ['health_center', 'wizard'], centerId: 'c-1' };
  if (token === 'no-roles') return { uid: 'u2' };
  throw new Error('bad token');
};

describe('authenticate', () => {
  it('returns the principal with known roles and its center', async () => {
    expect(await authenticate('Bearer good', verify)).toEqual({
      uid: 'u1',
      roles: ['health_center'],
      centerId: 'c-1',
    });
  });
  it('treats a token without roles as a principal with none', async () => {
    expect(await authenticate('Bearer no-roles', verify)).toEqual({ uid: 'u2', roles: [] });
  });
  it('rejects a missing header, another scheme or an invalid token', async () => {
    expect(await authenticate(undefined, verify)).toBeUndefined();
    expect(await authenticate('Basic good', verify)).toBeUndefined();
    expect(await authenticate('Bearer forged', verify)).toBeUndefined();
  });
  it('passes when any required role is held', () => {
    expect(hasAnyRole({ uid: 'u', roles: ['client'] }, ['admin', 'client'])).toBe(true);
    expect(hasAnyRole({ uid: 'u', roles: ['client'] }, ['admin'])).toBe(false);
  });
});
