/** The anonymized bucket: each image written once, whole, at its deterministic name. */
import { bucket, isPreconditionFailed } from './buckets.ts';

export interface AnonymizedObject {
  name: string;
  sha256: string;
  contentType: string;
  metadata: Record<string, string>;
}

export type StoreResult = 'stored' | 'already-there' | 'replaced';

/**
 * Uploads the spooled output only if no object exists (`ifGenerationMatch: 0`): a reader never sees a
 * partial or second version. A retry that finds the same bytes (by SHA-256) is done; different bytes
 * (a profile or key change between attempts) replace them under the existing generation, so the record
 * written next always describes the stored object.
 */
export async function storeAnonymized(localPath: string, o: AnonymizedObject): Promise<StoreResult> {
  const file = bucket('anonymized').file(o.name);
  const upload = (ifGenerationMatch: number | string) =>
    bucket('anonymized').upload(localPath, {
      destination: o.name,
      resumable: false,
      preconditionOpts: { ifGenerationMatch: Number(ifGenerationMatch) },
      metadata: { contentType: o.contentType, metadata: { ...o.metadata, sha256: o.sha256 } },
    });
  try {
    await upload(0);
    return 'stored';
  } catch (e) {
    if (!isPreconditionFailed(e)) throw e;
  }
  const [existing] = await file.getMetadata();
  if (existing.metadata?.sha256 === o.sha256) return 'already-there';
  await upload(String(existing.generation));
  return 'replaced';
}
