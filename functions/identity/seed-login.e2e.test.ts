/**
 * Seed 002's user flow over HTTP, as the seed writes it: an admin creates `{"username","password","role": 1}`,
 * `POST /login` with `{"username","password"}` answers `{"token"}`, and that token is the user's on the API
 * (`GET /me`: role health_center). Wrong passwords, unknown role numbers and half bodies are refused.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api, token } from '../../emulators/test/suite.ts';
import { registeredCenter } from '../imaging/test/imaging-harness.ts';

const username = `usuario-${randomUUID().slice(0, 8)}`;

describe('seed 002: POST /users with a numbered role, then POST /login', () => {
  it('creates the seed user, signs it in, and the token carries its role', async () => {
    const { centerId } = await registeredCenter('SEED-LOGIN');
    const admin = await token(['admin']);
    const created = await api('POST', '/users', {
      token: admin,
      body: { username, password: 'password2', role: 1, centerId },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ roles: ['health_center'], centerId });

    const login = await api('POST', '/login', { body: { username, password: 'password2' } });
    expect(login.status).toBe(200);
    const { token: jwt } = login.body as { token: string };
    expect(jwt.split('.')).toHaveLength(3);
    const me = await api('GET', '/me', { token: jwt });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      roles: ['health_center'],
      centerId,
      email: `${username}@users.saludtech.invalid`,
    });
  });

  it('answers a wrong password and an unknown user alike: 401 problem+json', async () => {
    for (const body of [
      { username, password: 'not-the-password' },
      { username: `nadie-${randomUUID().slice(0, 8)}`, password: 'password2' },
    ]) {
      const r = await api('POST', '/login', { body });
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect((r.body as { detail: string }).detail).toBe('wrong user name or password');
    }
  });

  it('refuses a role number that means nothing, naming body.role; and a login without a password', async () => {
    const admin = await token(['admin']);
    const bad = await api('POST', '/users', {
      token: admin,
      body: { username: 'usuario99', password: 'password2', role: 99 },
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain('body.role');
    const half = await api('POST', '/login', { body: { username } });
    expect(half.status).toBe(400);
    expect((half.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(
      'body.password',
    );
  });
});
