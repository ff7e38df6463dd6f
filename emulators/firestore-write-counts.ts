/**
 * Counts the Firestore commits and document writes this process makes (the local function host serves
 * them at `/_writes`, so a bench can print the writes a flow cost). Every write of the client library —
 * transactions, batches, single document writes — commits through `WriteBatch._commit`.
 */
import { WriteBatch } from '@google-cloud/firestore';

export interface WriteCounts {
  commits: number;
  writes: number;
}

const counts: WriteCounts = { commits: 0, writes: 0 };
let installed = false;

type Committing = { _opCount: number; _commit: (...args: unknown[]) => Promise<unknown> };

/** Starts counting (once per process); successful commits only, as the database saw them. */
export function countFirestoreWrites(): void {
  if (installed) return;
  installed = true;
  const proto = WriteBatch.prototype as unknown as Committing;
  const commit = proto._commit;
  proto._commit = async function (this: Committing, ...args: unknown[]) {
    const ops = this._opCount;
    const result = await commit.apply(this, args);
    counts.commits++;
    counts.writes += ops;
    return result;
  };
}

export const writeCounts = (): WriteCounts => ({ ...counts });
