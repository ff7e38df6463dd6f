/** Creates Auth emulator users with role claims and signs them in for ID tokens (demo and tests only). */
import { getApps, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { z } from 'zod';
import type { Role } from '../../functions/manifest.types.ts';

export interface UserSpec {
  email: string;
  roles: Role[];
  centerId?: string;
  password?: string;
}

const DEFAULT_PASSWORD = 'demo-password-123';

function adminAuth(projectId: string) {
  const app = getApps().find((a) => a.name === projectId) ?? initializeApp({ projectId }, projectId);
  return getAuth(app);
}

/** Creates (or updates) the user and its custom claims; returns its uid. */
export async function ensureUser(projectId: string, spec: UserSpec): Promise<string> {
  const auth = adminAuth(projectId);
  const password = spec.password ?? DEFAULT_PASSWORD;
  const existing = await auth.getUserByEmail(spec.email).catch(() => undefined);
  const user = existing ?? (await auth.createUser({ email: spec.email, password, emailVerified: true }));
  if (existing) await auth.updateUser(user.uid, { password });
  await auth.setCustomUserClaims(user.uid, {
    roles: spec.roles,
    ...(spec.centerId ? { centerId: spec.centerId } : {}),
  });
  return user.uid;
}

const SignIn = z.object({ idToken: z.string() });

/** Signs in against the Auth emulator's REST API and returns an ID token carrying the custom claims. */
export async function signIn(authHost: string, email: string, password = DEFAULT_PASSWORD): Promise<string> {
  const res = await fetch(
    `http://${authHost}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=fake`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password, returnSecureToken: true }),
    },
  );
  if (!res.ok) throw new Error(`sign-in failed for ${email}: ${res.status}`);
  return SignIn.parse(await res.json()).idToken;
}

/** Ensures the user and returns a fresh ID token for it. */
export async function tokenFor(projectId: string, authHost: string, spec: UserSpec): Promise<string> {
  await ensureUser(projectId, spec);
  return signIn(authHost, spec.email, spec.password);
}
