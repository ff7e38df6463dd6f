/** Shared steps of the tokens integration tests (against the running local suite). */
import { api, clearFirestore, eventually, pubsub, token } from '../../emulators/test/suite.ts';
import { CenterRegisteredV2 } from '../../schemas/centers/v2/center-registered.event.ts';
import type { Role } from '../manifest.types.ts';
import { db } from '../platform/clients.ts';
import { envelope, toPubsubMessage } from '../platform/messaging/cloudevent.ts';
import { TOKEN_ISSUER_CENTERS } from './adapters/issuer-centers.repository.ts';
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

/** Waits until the tokens context knows the center's code (project-issuer-centers ran). */
export const issuerCenterKnown = (centerId: string) =>
  eventually(
    async () => ((await db().collection(TOKEN_ISSUER_CENTERS).doc(centerId).get()).exists ? true : undefined),
    30_000,
  );

/** Announces a center on `centers.events` as the centers context does, and waits for the tokens projection. */
export async function announceCenter(
  centerId: string,
  code: string,
  contactEmail = `tokens@${code.toLowerCase()}.example`,
) {
  const client = pubsub();
  const m = toPubsubMessage(
    envelope(
      CenterRegisteredV2,
      {
        centerId,
        code,
        name: `Centro ${code}`,
        city: 'Bogotá',
        contactEmail,
        country: 'CO',
        registeredAt: new Date().toISOString(),
      },
      { source: '/tests', subject: centerId },
    ),
  );
  await client.topic('centers.events').publishMessage({ data: m.data, attributes: m.attributes });
  await client.close();
  await issuerCenterKnown(centerId);
}
