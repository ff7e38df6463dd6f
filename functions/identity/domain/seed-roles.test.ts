import { describe, expect, it } from 'vitest';
import { emailOfUsername, roleOfSeedNumber, SEED_ROLES } from './seed-roles.ts';

describe('seed roles and user names', () => {
  it('maps the seed numbers 1–6 onto our roles, each once', () => {
    expect(roleOfSeedNumber(1)).toBe('health_center');
    expect(roleOfSeedNumber(4)).toBe('admin');
    expect(new Set(Object.values(SEED_ROLES)).size).toBe(6);
  });

  it('has no role for any other number', () => {
    for (const n of [0, 7, 99, -1, 1.5]) expect(roleOfSeedNumber(n)).toBeUndefined();
  });

  it('turns a seed user name into its sign-in e-mail, and keeps an e-mail', () => {
    expect(emailOfUsername('usuario2')).toBe('usuario2@users.saludtech.invalid');
    expect(emailOfUsername('Ana.Diaz@Hospital.example')).toBe('ana.diaz@hospital.example');
  });
});
