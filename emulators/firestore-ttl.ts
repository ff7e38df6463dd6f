/**
 * Local stand-in for Firestore TTL policies (the emulator has none): every `everyMs`, deletes the documents
 * of each policy's collection whose timestamp field has passed, as production's policies do (later, there).
 */
import type { Firestore } from '@google-cloud/firestore';
import type { TtlPolicy } from '../functions/platform/ttl-policies.ts';

/** Deletes up to `limit` expired documents per policy; returns how many went. */
export async function sweepExpired(
  db: Firestore,
  policies: readonly TtlPolicy[],
  limit = 500,
): Promise<number> {
  let deleted = 0;
  for (const p of policies) {
    const expired = await db.collection(p.collection).where(p.field, '<=', new Date()).limit(limit).get();
    if (expired.empty) continue;
    const batch = db.batch();
    for (const d of expired.docs) batch.delete(d.ref);
    await batch.commit();
    deleted += expired.size;
  }
  return deleted;
}

/** Sweeps on a timer until the returned function is called. */
export function startTtlSweeper(
  db: Firestore,
  policies: readonly TtlPolicy[],
  everyMs: number,
  onError: (error: Error) => void,
): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await sweepExpired(db, policies);
    } catch (error) {
      onError(error as Error);
    } finally {
      running = false;
    }
  }, everyMs);
  return () => clearInterval(timer);
}
