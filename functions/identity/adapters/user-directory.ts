/**
 * Identity Platform (Firebase Auth; the Auth emulator locally) as the user store, plus the registration claims
 * that make `POST /users` safe to retry: `identity-registrations/{email pseudonym}` → {uid, published}.
 */
import type { UserRecord } from 'firebase-admin/auth';
import { auth, db } from '../../platform/clients.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Envelope } from '../../platform/messaging/cloudevent.ts';
import { commitWithEvents } from '../../platform/messaging/outbox.ts';
import { activeKeyring } from '../../tokens/lib/index.ts';

export const REGISTRATIONS = 'identity-registrations';

export interface Registration {
  uid: string;
  published: boolean;
}

/** The claim's key: a keyed pseudonym of the e-mail, so the collection lists no addresses. */
const claimKey = async (email: string) => (await activeKeyring()).pseudonym('email', email);

/** Claims the e-mail for a new uid, or returns the earlier claim (published or not). */
export async function claimEmail(email: string, newUid: string): Promise<Registration & { fresh: boolean }> {
  const ref = db()
    .collection(REGISTRATIONS)
    .doc(await claimKey(email));
  return db().runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if (snap.exists) return { ...(snap.data() as Registration), fresh: false };
    tx.create(ref, { uid: newUid, published: false, claimedAt: new Date() });
    return { uid: newUid, published: false, fresh: true };
  });
}

/** Marks the registration finished and stages UserRegistered with it: one commit, relayed after. */
export async function finishRegistration(email: string, event: Envelope, log: Logger): Promise<void> {
  const ref = db()
    .collection(REGISTRATIONS)
    .doc(await claimKey(email));
  await commitWithEvents(async (tx) => {
    tx.update(ref, { published: true });
    return { result: undefined, events: [event] };
  }, log);
}

export type EmailTaken = 'email-taken';

/** Creates the user with this uid, or finds it (a retried registration); an e-mail held by another uid is taken. */
export async function ensureAuthUser(
  uid: string,
  email: string,
  displayName?: string,
  password?: string,
): Promise<UserRecord | EmailTaken> {
  const existing = await auth()
    .getUser(uid)
    .catch(() => undefined);
  if (existing) return existing;
  try {
    return await auth().createUser({
      uid,
      email,
      emailVerified: false,
      ...(displayName ? { displayName } : {}),
      ...(password ? { password } : {}),
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'auth/email-already-exists') return 'email-taken';
    throw error;
  }
}

export async function setRoleClaims(uid: string, roles: string[], centerId?: string): Promise<void> {
  await auth().setCustomUserClaims(uid, { roles, ...(centerId ? { centerId } : {}) });
}

export async function emailOf(uid: string): Promise<string | undefined> {
  const user = await auth()
    .getUser(uid)
    .catch(() => undefined);
  return user?.email;
}
