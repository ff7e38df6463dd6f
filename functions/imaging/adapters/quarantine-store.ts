/** The quarantine bucket: rejected uploads, kept byte for byte, with the reason in object metadata. */
import type { StorageObject } from '../../platform/storage/storage-handler.ts';
import { bucket, isPreconditionFailed } from './buckets.ts';

export interface QuarantineNote {
  imageId: string;
  reason: string;
  /** Human-readable detail for the operators who may read quarantine (restricted bucket, like ingest). */
  detail: string;
}

/**
 * Copies the original (and its sidecar, when there is one) to quarantine under `dest`. A copy that is
 * already there (an earlier attempt) is kept: the precondition makes the copy happen once.
 * Returns false when the original is gone (a newer generation replaced it): nothing left to keep.
 */
export async function quarantineCopy(
  o: StorageObject,
  dest: string,
  note: QuarantineNote,
  sidecarName?: string,
): Promise<boolean> {
  // Custom metadata of the copy (the client's copy options take it flat).
  const metadata = {
    reason: note.reason,
    detail: note.detail.slice(0, 1000),
    imageId: note.imageId,
    sourceName: o.name,
    sourceGeneration: o.generation,
  };
  const copy = async (name: string, to: string, generation?: string) => {
    try {
      const src = bucket('ingest').file(name, generation ? { generation } : {});
      await src.copy(bucket('quarantine').file(to), { metadata, preconditionOpts: { ifGenerationMatch: 0 } });
      return true;
    } catch (e) {
      if (isPreconditionFailed(e)) return true;
      if ((e as { code?: number })?.code === 404) return false;
      throw e;
    }
  };
  const kept = await copy(o.name, dest, o.generation);
  if (kept && sidecarName) await copy(sidecarName, `${dest}.sidecar.json`);
  return kept;
}
