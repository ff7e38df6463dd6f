/** Sign-in with the Firebase JS SDK (the Auth emulator locally); the role claims decide the views. */
import { initializeApp } from 'firebase/app';
import {
  type Auth,
  connectAuthEmulator,
  getAuth,
  onIdTokenChanged,
  signInWithEmailAndPassword,
  signOut,
  type User,
} from 'firebase/auth';
import type { ConsoleConfig } from './config.ts';

export interface Session {
  user: User;
  email: string;
  roles: string[];
  centerId?: string;
}

let auth: Auth | undefined;

export function startAuth(config: ConsoleConfig, onChange: (s: Session | undefined) => void): void {
  const app = initializeApp({
    apiKey: config.apiKey,
    projectId: config.projectId,
    authDomain: `${config.projectId}.firebaseapp.com`,
  });
  auth = getAuth(app);
  if (config.authEmulatorHost)
    connectAuthEmulator(auth, `http://${config.authEmulatorHost}`, { disableWarnings: true });
  onIdTokenChanged(auth, async (user) => {
    if (!user) return onChange(undefined);
    const { claims } = await user.getIdTokenResult();
    const roles = Array.isArray(claims.roles) ? (claims.roles as string[]) : [];
    onChange({
      user,
      email: user.email ?? '',
      roles,
      ...(typeof claims.centerId === 'string' ? { centerId: claims.centerId } : {}),
    });
  });
}

export const signIn = (email: string, password: string) =>
  signInWithEmailAndPassword(auth as Auth, email, password);
export const leave = () => signOut(auth as Auth);
