/**
 * The quarantine copy of an item and the way back: a reprocessing copies the kept original (and its
 * sidecar, first, since the pipeline reads it with the image) into ingest under the name it was uploaded
 * with, which only the restricted quarantine object's metadata (`sourceName`) remembers.
 */
import { heldObjectName, quarantineObjectName } from '../domain/catalogue.ts';
import { copyStatusOf, type ReviewEntry } from '../domain/quarantine.ts';
import { parseUploadPath, sidecarNameOf } from '../domain/upload-path.ts';
import { bucket, isNotFound, isPreconditionFailed } from './buckets.ts';
import { REPROCESS_OF } from './reprocess-settlement.ts';

/** The item's objects in the quarantine bucket (named by image id). */
export function copyNamesOf(e: ReviewEntry): { image: string; sidecar: string } {
  const image = copyStatusOf(e) === 'held' ? heldObjectName(e.imageId) : quarantineObjectName(e.imageId);
  return { image, sidecar: `${image}.sidecar.json` };
}

export type QuarantineSource =
  | { kind: 'image'; name: string; hasSidecar: boolean }
  /** The copy is gone (discarded by hand, or lost): nothing to reprocess. */
  | { kind: 'missing' }
  /** A refused sidecar: it is reprocessed with its image, never on its own. */
  | { kind: 'sidecar' };

/** Where the item's original came from, read from its quarantine copy. */
export async function quarantineSource(e: ReviewEntry): Promise<QuarantineSource> {
  const names = copyNamesOf(e);
  try {
    const [meta] = await bucket('quarantine').file(names.image).getMetadata();
    const name = (meta.metadata as Record<string, unknown> | undefined)?.sourceName;
    if (typeof name !== 'string' || name === '') return { kind: 'missing' };
    if (parseUploadPath(name).kind === 'sidecar') return { kind: 'sidecar' };
    const [hasSidecar] = await bucket('quarantine').file(names.sidecar).exists();
    return { kind: 'image', name, hasSidecar };
  } catch (e) {
    if (isNotFound(e)) return { kind: 'missing' };
    throw e;
  }
}

/** Copies once: an object already at the destination (an earlier attempt, still in flight) is kept. */
async function copyOnce(from: string, to: string, metadata?: Record<string, string>): Promise<void> {
  try {
    await bucket('quarantine')
      .file(from)
      .copy(bucket('ingest').file(to), {
        ...(metadata ? { metadata } : {}),
        preconditionOpts: { ifGenerationMatch: 0 },
      });
  } catch (e) {
    if (!isPreconditionFailed(e)) throw e;
  }
}

/** Sends the original back through the pipeline, marked as the reprocessing of its item. */
export async function sendBackToIngest(
  e: ReviewEntry,
  source: Extract<QuarantineSource, { kind: 'image' }>,
): Promise<void> {
  const names = copyNamesOf(e);
  if (source.hasSidecar) await copyOnce(names.sidecar, sidecarNameOf(source.name));
  await copyOnce(names.image, source.name, { [REPROCESS_OF]: e.imageId });
}

/** Deletes the item's quarantine copy and its sidecar (already gone is fine). */
export async function deleteQuarantineCopy(e: ReviewEntry): Promise<void> {
  const names = copyNamesOf(e);
  await Promise.all(
    [names.image, names.sidecar].map((n) =>
      bucket('quarantine')
        .file(n)
        .delete()
        .catch((err) => {
          if (!isNotFound(err)) throw err;
        }),
    ),
  );
}
