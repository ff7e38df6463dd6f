import { describe, expect, it } from 'vitest';
import { CenterIdentity, IdentityError, identityUrls } from './center-identity.ts';

const endpoints = { apiKey: 'k', refreshMarginSeconds: 300 };

function fakeFetch(answers: Array<{ status: number; body: unknown }>) {
  const calls: { url: string; body: string }[] = [];
  const impl = (async (url: string, init?: RequestInit) => {
    calls.push({ url: String(url), body: String(init?.body) });
    const a = answers.shift() ?? { status: 500, body: {} };
    return new Response(JSON.stringify(a.body), { status: a.status });
  }) as typeof fetch;
  return { impl, calls };
}

describe('CenterIdentity', () => {
  it('signs in once, reuses the token, refreshes it before it expires', async () => {
    let now = 0;
    const f = fakeFetch([
      { status: 200, body: { idToken: 't1', refreshToken: 'r1', expiresIn: '3600' } },
      { status: 200, body: { id_token: 't2', refresh_token: 'r2', expires_in: '3600' } },
    ]);
    const id = new CenterIdentity(endpoints, { email: 'a@b.example', password: 'pw' }, () => now, f.impl);
    expect(await id.idToken()).toBe('t1');
    now = 3000_000;
    expect(await id.idToken()).toBe('t1');
    now = 3400_000; // within 300 s of expiry
    expect(await id.idToken()).toBe('t2');
    expect(f.calls.map((c) => new URL(c.url).pathname)).toEqual([
      '/v1/accounts:signInWithPassword',
      '/v1/token',
    ]);
    expect(f.calls[1]?.body).toContain('grant_type=refresh_token');
  });

  it('signs in again when the refresh token is refused; a 5xx is a transient error', async () => {
    const f = fakeFetch([
      { status: 200, body: { idToken: 't1', refreshToken: 'r1', expiresIn: '1' } },
      { status: 400, body: { error: { message: 'TOKEN_EXPIRED' } } },
      { status: 200, body: { idToken: 't3', refreshToken: 'r3', expiresIn: '3600' } },
      { status: 503, body: {} },
    ]);
    const id = new CenterIdentity(endpoints, { email: 'a@b.example', password: 'pw' }, Date.now, f.impl);
    await id.idToken();
    expect(await id.idToken()).toBe('t3');
    id.invalidate();
    const err = await id.idToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdentityError);
    expect((err as IdentityError).transient).toBe(true);
    expect((err as Error).message).not.toContain('pw');
  });

  it('speaks to the Auth emulator under the same REST paths', () => {
    expect(identityUrls({ ...endpoints, emulatorHost: '127.0.0.1:9099' }).signIn).toBe(
      'http://127.0.0.1:9099/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=k',
    );
    expect(identityUrls(endpoints).refresh).toBe('https://securetoken.googleapis.com/v1/token?key=k');
  });
});
