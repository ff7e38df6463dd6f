/** Identity: verifies Firebase Auth / Identity Platform ID tokens and reads roles from custom claims. */
import { z } from 'zod';
import { ROLES, type Role } from '../manifest.types.ts';
import { auth } from './clients.ts';

export interface Principal {
  uid: string;
  roles: Role[];
  /** Set for `health_center` users: the only center they may act for. */
  centerId?: string;
}

const Claims = z.object({
  uid: z.string().min(1),
  roles: z.array(z.string()).default([]),
  centerId: z.string().optional(),
});

export type Verify = (idToken: string) => Promise<Record<string, unknown>>;

const verifyWithFirebase: Verify = async (token) =>
  (await auth().verifyIdToken(token)) as Record<string, unknown>;

/** The principal behind an `Authorization: Bearer` header, or undefined when absent or invalid. */
export async function authenticate(
  header: string | undefined,
  verify: Verify = verifyWithFirebase,
): Promise<Principal | undefined> {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = await verify(match[1]);
  } catch {
    return undefined;
  }
  const parsed = Claims.safeParse(claims);
  if (!parsed.success) return undefined;
  const roles = parsed.data.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  return { uid: parsed.data.uid, roles, ...(parsed.data.centerId ? { centerId: parsed.data.centerId } : {}) };
}

/** True when the principal holds at least one of the required roles. */
export const hasAnyRole = (principal: Principal, required: readonly Role[]) =>
  required.some((role) => principal.roles.includes(role));
