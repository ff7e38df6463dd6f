import { describe, expect, it } from 'vitest';
import type { Principal } from '../platform/auth.ts';
import { mayRead, ownRecipientIds } from './read-access.ts';

const centerId = '6f1c3a52-9a43-4d1e-b1a5-3f2a1f0c9e11';
const centerUser: Principal = { uid: 'u-center', roles: ['health_center'], centerId };

describe('who reads which notifications', () => {
  it("a center's user reads its center's notifications by id and, once the code is known, by code", () => {
    expect(mayRead(centerUser, `center:${centerId}`)).toBe(true);
    expect(mayRead(centerUser, 'center:HSV-CAL')).toBe(false);
    expect(mayRead(centerUser, 'center:HSV-CAL', 'HSV-CAL')).toBe(true);
    expect(mayRead(centerUser, 'center:OTHER-1', 'HSV-CAL')).toBe(false);
    expect(mayRead(centerUser, 'center:6f1c3a52-0000-4000-8000-000000000000', 'HSV-CAL')).toBe(false);
  });

  it('a center claim without the health_center role reads no center notifications', () => {
    const notCenter: Principal = { uid: 'u-x', roles: ['client'], centerId };
    expect(ownRecipientIds(notCenter, 'HSV-CAL')).toEqual(['user:u-x', 'client:u-x', 'expert:u-x']);
  });

  it('a client reads what is addressed to its own uid only; an admin reads everything', () => {
    const client: Principal = { uid: 'u-owner', roles: ['client'] };
    expect(mayRead(client, 'client:u-owner')).toBe(true);
    expect(mayRead(client, 'client:u-other')).toBe(false);
    expect(mayRead({ uid: 'a', roles: ['admin'] }, 'center:HSV-CAL')).toBe(true);
  });
});
