/**
 * Linkage under rotation: the keyring a patient's linkage values (patient pseudonym, date offset, UID
 * remapping) come from is pinned to the seed version that first saw the patient at that issuer, so the
 * same patient keeps linking across uploads after a rotation. The pin is found by the patient's
 * pseudonym under each live version (`token-linkage/{pseudonym}`: a pseudonym and a version, nothing
 * else), inside one transaction that also reads the seed head: concurrent first sightings, or one
 * racing a rotation, converge on one pin. Retiring a version ends its pins (those patients re-link).
 */
import type { DocumentReference } from '@google-cloud/firestore';
import { db } from '../../platform/clients.ts';
import { loadHeadIn } from '../adapters/seed.repository.ts';
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

/** Finds or creates the patient's pin in one transaction; returns the pinned version. */
function pin(
  issuer: string,
  patientId: string,
  keyringFor: (version: number) => Promise<Keyring>,
): Promise<number> {
  return db().runTransaction(async (tx) => {
    const head = await loadHeadIn(tx);
    if (!head) throw new NoSeedHead('no token seed after bootstrap');
    const rings = await Promise.all(head.liveVersions.map(keyringFor));
    const refs = rings.map((r) =>
      db()
        .collection(TOKEN_LINKAGE)
        .doc(r.pseudonym('patient_id', patientId, issuer)),
    );
    const snaps = await tx.getAll(...refs);
    const pinned = snaps.findIndex((s) => s.exists);
    if (pinned >= 0) return (rings[pinned] as Keyring).version;
    const at = rings.findIndex((r) => r.version === head.activeVersion);
    tx.create(refs[at] as DocumentReference, { version: head.activeVersion, pinnedAt: new Date() });
    return head.activeVersion;
  });
}
