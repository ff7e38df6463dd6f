/**
 * Linkage under rotation: the keyring a patient's linkage values (patient pseudonym, date offset, UID
 * remapping) come from is pinned to the seed version that first saw the patient at that issuer, so the
 * same patient keeps linking across uploads after a rotation. The pin is found by the patient's
 * pseudonym under each live version (`token-linkage/{pseudonym}`: a pseudonym and a version, nothing
 * else); a first sighting creates it in one transaction that also reads the seed head: concurrent first
 * sightings, or one racing a rotation, converge on one pin. Retiring a version ends its pins (those patients re-link).
 */
import type { DocumentReference } from '@google-cloud/firestore';
import { db } from '../../platform/clients.ts';
import { loadHead, loadHeadIn } from '../adapters/seed.repository.ts';
import type { Keyring } from '../domain/keyring.ts';

export const TOKEN_LINKAGE = 'token-linkage';

export async function pinnedKeyring(
  issuer: string,
  patientId: string,
  keyringFor: (version: number) => Promise<Keyring>,
  active: () => Promise<Keyring>,
  forget: () => void,
): Promise<Keyring> {
  await active(); // bootstraps the first seed if there is none
  const version = await pin(issuer, patientId, keyringFor).catch(async (e) => {
    if (!(e instanceof NoSeedHead)) throw e;
    // A warm cache can outlive the seeds it came from (a wiped emulator database): start over once.
    forget();
    await active();
    return pin(issuer, patientId, keyringFor);
  });
  return keyringFor(version);
}

class NoSeedHead extends Error {}

type Head = NonNullable<Awaited<ReturnType<typeof loadHead>>>;

/** The patient's pin refs under each live version, and the index of the first that exists (-1: none). */
async function findPin(
  head: Head,
  issuer: string,
  patientId: string,
  keyringFor: (version: number) => Promise<Keyring>,
  getAll: (...refs: DocumentReference[]) => Promise<{ exists: boolean }[]>,
) {
  const rings = await Promise.all(head.liveVersions.map(keyringFor));
  const refs = rings.map((r) =>
    db()
      .collection(TOKEN_LINKAGE)
      .doc(r.pseudonym('patient_id', patientId, issuer)),
  );
  const pinned = (await getAll(...refs)).findIndex((s) => s.exists);
  return { rings, refs, pinned };
}

/** First sightings in flight in this instance, by issuer and patient: concurrent files of a study share one. */
const sighting = new Map<string, Promise<number>>();

/**
 * Finds or creates the patient's pin; returns the pinned version. A pin, once written, only ends with its
 * version's retirement, so plain reads find it: every file of a study after the first reads without a
 * transaction. A first sighting takes the transaction, once per instance: a study's files arrive together,
 * and as concurrent transactions over one new document they held each other's locks until the Firestore
 * emulator aborted them all ("Transaction lock timeout"), again on every retry.
 */
async function pin(
  issuer: string,
  patientId: string,
  keyringFor: (version: number) => Promise<Keyring>,
): Promise<number> {
  const head = await loadHead();
  if (!head) throw new NoSeedHead('no token seed after bootstrap');
  const seen = await findPin(head, issuer, patientId, keyringFor, (...refs) => db().getAll(...refs));
  if (seen.pinned >= 0) return (seen.rings[seen.pinned] as Keyring).version;
  const key = JSON.stringify([issuer, patientId]);
  let first = sighting.get(key);
  if (!first) {
    first = createPin(issuer, patientId, keyringFor).finally(() => sighting.delete(key));
    sighting.set(key, first);
  }
  return first;
}

/** The first sighting: reads the head and the pins again in a transaction and creates the pin if none. */
function createPin(
  issuer: string,
  patientId: string,
  keyringFor: (version: number) => Promise<Keyring>,
): Promise<number> {
  return db().runTransaction(async (tx) => {
    const head = await loadHeadIn(tx);
    if (!head) throw new NoSeedHead('no token seed after bootstrap');
    const { rings, refs, pinned } = await findPin(head, issuer, patientId, keyringFor, (...refs) =>
      tx.getAll(...refs),
    );
    if (pinned >= 0) return (rings[pinned] as Keyring).version;
    const at = rings.findIndex((r) => r.version === head.activeVersion);
    tx.create(refs[at] as DocumentReference, { version: head.activeVersion, pinnedAt: new Date() });
    return head.activeVersion;
  });
}
