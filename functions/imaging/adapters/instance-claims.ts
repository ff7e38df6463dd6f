/**
 * One generation per STOW-RS instance name: the first finalized generation of `centers/…/{upload}/{hash}.dcm`
 * claims the name; a later generation of the same name (a client's retry that landed after the first copy
 * was processed and removed, or the Storage client's own retry of a write that had succeeded) is the same
 * instance again and is dropped. Redeliveries of the claiming generation pass.
 */
import { db } from '../../platform/clients.ts';
import { nameHashOf } from './ingest-ledger.ts';

export const INSTANCE_CLAIMS = 'imaging-instance-claims';
const ALREADY_EXISTS = 6;

/** True when this generation owns the name (first to claim it, or claimed it before). */
export async function claimInstanceName(name: string, generation: string): Promise<boolean> {
  const ref = db().collection(INSTANCE_CLAIMS).doc(nameHashOf(name));
  try {
    await ref.create({ generation, claimedAt: new Date() });
    return true;
  } catch (e) {
    if ((e as { code?: number }).code !== ALREADY_EXISTS) throw e;
  }
  return (await ref.get()).get('generation') === generation;
}
