/**
 * A center's service identity: an Identity Platform user (role health_center, claim centerId) signed in
 * with email and password through the Identity Toolkit REST API, its ID token refreshed through the Secure
 * Token API before it expires. Locally both APIs are the Firebase Auth emulator's, under
 * `http://HOST/identitytoolkit.googleapis.com/v1/...` and `http://HOST/securetoken.googleapis.com/v1/...`.
 * Neither the password nor any token is ever logged.
 */
import { z } from 'zod';

export interface IdentityEndpoints {
  apiKey: string;
  /** `host:port` of the Auth emulator; absent in production. */
  emulatorHost?: string;
  tenantId?: string;
  refreshMarginSeconds: number;
}

const SignInAnswer = z.object({
  idToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.coerce.number(),
});
const RefreshAnswer = z.object({
  id_token: z.string(),
  refresh_token: z.string(),
  expires_in: z.coerce.number(),
});

export class IdentityError extends Error {
  constructor(
    message: string,
    /** True when retrying later may help (network, 5xx); false for a refused credential. */
    readonly transient: boolean,
  ) {
    super(message);
  }
}

interface Session {
  idToken: string;
  refreshToken: string;
  expiresAt: number;
}

export function identityUrls(e: IdentityEndpoints) {
  const base = (service: string) =>
    e.emulatorHost ? `http://${e.emulatorHost}/${service}` : `https://${service}`;
  const key = encodeURIComponent(e.apiKey);
  return {
    signIn: `${base('identitytoolkit.googleapis.com')}/v1/accounts:signInWithPassword?key=${key}`,
    refresh: `${base('securetoken.googleapis.com')}/v1/token?key=${key}`,
  };
}

export class CenterIdentity {
  private session: Session | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(
    private readonly endpoints: IdentityEndpoints,
    private readonly account: { email: string; password: string },
    private readonly now: () => number = Date.now,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** A valid ID token: the cached one, a refreshed one near expiry, or a new sign-in. */
  idToken(): Promise<string> {
    const s = this.session;
    if (s && this.now() < s.expiresAt - this.endpoints.refreshMarginSeconds * 1000)
      return Promise.resolve(s.idToken);
    this.inFlight ??= this.renew().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** The platform refused the token (401): the next call signs in again. */
  invalidate(): void {
    this.session = undefined;
  }

  private async renew(): Promise<string> {
    if (this.session) {
      try {
        return await this.refresh(this.session.refreshToken);
      } catch (e) {
        if (e instanceof IdentityError && e.transient) throw e;
        // A revoked or expired refresh token: sign in afresh.
      }
    }
    return this.signIn();
  }

  private async call(url: string, init: RequestInit): Promise<unknown> {
    let res: Response;
    try {
      res = await this.fetchImpl(url, { ...init, signal: AbortSignal.timeout(30_000) });
    } catch (e) {
      throw new IdentityError(`identity service unreachable (${(e as Error).name})`, true);
    }
    if (!res.ok) {
      // The error body names a code (INVALID_PASSWORD, USER_DISABLED …), never the credential.
      const code = await res
        .json()
        .then((b) => (b as { error?: { message?: string } }).error?.message ?? '')
        .catch(() => '');
      throw new IdentityError(
        `identity service answered ${res.status} ${code}`.trim(),
        res.status >= 500 || res.status === 429,
      );
    }
    return res.json();
  }

  private async signIn(): Promise<string> {
    const body = await this.call(identityUrls(this.endpoints).signIn, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        email: this.account.email,
        password: this.account.password,
        returnSecureToken: true,
        ...(this.endpoints.tenantId ? { tenantId: this.endpoints.tenantId } : {}),
      }),
    });
    const a = SignInAnswer.parse(body);
    this.session = {
      idToken: a.idToken,
      refreshToken: a.refreshToken,
      expiresAt: this.now() + a.expiresIn * 1000,
    };
    return a.idToken;
  }

  private async refresh(refreshToken: string): Promise<string> {
    const body = await this.call(identityUrls(this.endpoints).refresh, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
    });
    const a = RefreshAnswer.parse(body);
    this.session = {
      idToken: a.id_token,
      refreshToken: a.refresh_token,
      expiresAt: this.now() + a.expires_in * 1000,
    };
    return a.id_token;
  }
}
