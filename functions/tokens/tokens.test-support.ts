/** Shared steps of the tokens integration tests (against the running local suite). */
import { api, clearFirestore, token } from '../../emulators/test/suite.ts';
import type { Role } from '../manifest.types.ts';
import { clearKeyringCache } from './lib/index.ts';

/**
 * Starts from no seeds at all, then rotates through the function host: the host adopts the new seed at
 * once, and this process forgets what it cached, so both sides agree on the seeds after a clear.
 */
export async function freshSeeds(): Promise<number> {
  await clearFirestore();
  clearKeyringCache();
  return rotate();
}

export async function rotate(): Promise<number> {
  const res = await api('POST', '/token-seeds', { token: await token(['admin']) });
  if (res.status !== 201) throw new Error(`rotation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { version: number }).version;
}

export const tokenizeApi = async (
  items: { field: string; value: string; issuer?: string }[],
  roles: Role[] = ['admin'],
  centerId?: string,
) => api('POST', '/tokens:tokenize', { token: await token(roles, centerId), body: { items } });

export const detokenizeApi = async (body: unknown, roles: Role[] = ['reidentification_officer']) =>
  api('POST', '/tokens:detokenize', { token: await token(roles), body });

export const PURPOSE = 'Court order 2026-117: notify the patient of an incidental finding';

export const errorFields = (body: unknown) =>
  ((body as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field);
