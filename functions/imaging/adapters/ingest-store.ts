/** The ingest bucket: read an upload and its sidecar, delete them once the image is safely elsewhere. */
import type { Readable } from 'node:stream';
import type { StorageObject } from '../../platform/storage/storage-handler.ts';
import { bucket, isNotFound, isPreconditionFailed } from './buckets.ts';

/** A sidecar is a few KB of JSON; anything much larger is not one. */
export const MAX_SIDECAR_BYTES = 64 * 1024;

const original = (o: Pick<StorageObject, 'name' | 'generation'>) =>
  bucket('ingest').file(o.name, { generation: o.generation });

/** Streams exactly the finalized generation (a newer upload under the same name is a different image). */
export const openOriginal = (o: StorageObject): Readable => original(o).createReadStream();

/** The sidecar's text, `undefined` when there is none, or `too-large` when it cannot be a sidecar. */
export async function readSidecarText(name: string): Promise<string | undefined | 'too-large'> {
  try {
    const [bytes] = await bucket('ingest').file(name).download({ start: 0, end: MAX_SIDECAR_BYTES });
    return bytes.length > MAX_SIDECAR_BYTES ? 'too-large' : bytes.toString('utf8');
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** True when the given generation of the object is still in the ingest bucket. */
export async function stillInIngest(o: Pick<StorageObject, 'name' | 'generation'>): Promise<boolean> {
  const [exists] = await original(o).exists();
  return exists;
}

/** Deletes that generation of an object; already gone or replaced by a newer upload is fine. */
export async function deleteFromIngest(name: string, generation?: string): Promise<void> {
  try {
    const file = bucket('ingest').file(name);
    await file.delete(generation ? { ifGenerationMatch: generation } : {});
  } catch (e) {
    if (!isNotFound(e) && !isPreconditionFailed(e)) throw e;
  }
}
