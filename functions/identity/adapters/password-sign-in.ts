/**
 * Email/password sign-in through the Identity Toolkit REST API (`accounts:signInWithPassword`), the same
 * call the Firebase JS SDK makes: locally the Auth emulator's, in production Identity Platform's with the
 * project's web API key (`IDENTITY_API_KEY`). Credentials and tokens are never logged.
 */
export type SignInResult =
  | { ok: true; idToken: string; refreshToken: string; expiresIn: number }
  | { ok: false; refused: boolean };

/** Identity Toolkit codes that mean "these credentials do not sign in" (the caller cannot tell which). */
const REFUSED = /^(INVALID_LOGIN_CREDENTIALS|INVALID_PASSWORD|EMAIL_NOT_FOUND|USER_DISABLED|INVALID_EMAIL)/;

export function signInUrl(env: NodeJS.ProcessEnv = process.env): string {
  const key = encodeURIComponent(env.IDENTITY_API_KEY ?? 'fake-api-key');
  const host = env.FIREBASE_AUTH_EMULATOR_HOST;
  const base = host
    ? `http://${host}/identitytoolkit.googleapis.com`
    : 'https://identitytoolkit.googleapis.com';
  return `${base}/v1/accounts:signInWithPassword?key=${key}`;
}

export async function signInWithPassword(email: string, password: string): Promise<SignInResult> {
  const res = await fetch(signInUrl(), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password, returnSecureToken: true }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json().catch(() => ({}))) as {
    idToken?: string;
    refreshToken?: string;
    expiresIn?: string;
    error?: { message?: string };
  };
  if (res.ok && body.idToken && body.refreshToken)
    return {
      ok: true,
      idToken: body.idToken,
      refreshToken: body.refreshToken,
      expiresIn: Number(body.expiresIn ?? 3600),
    };
  return { ok: false, refused: res.status === 400 && REFUSED.test(body.error?.message ?? '') };
}
