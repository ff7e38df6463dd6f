/**
 * Settles a reprocessed quarantine item once the pipeline has finished its re-upload: the pipeline calls
 * this at the end of every finish for an object that carries `x-saludtech-reprocess-of`.
 */
import type { StorageObject } from '../../platform/storage/storage-handler.ts';

/** The metadata key that marks a re-upload of a quarantined or held original. */
export const REPROCESS_OF = 'x-saludtech-reprocess-of';

/** What the pipeline made of the re-upload. */
export interface ReprocessResult {
  /** The new image id (bucket + name + generation of the re-upload). */
  imageId: string;
  status: 'anonymized' | 'held' | 'rejected';
}

/** Records the outcome against the original quarantine item (implemented by the quarantine review work). */
export async function settleReprocess(object: StorageObject, result: ReprocessResult): Promise<void> {
  void object;
  void result;
}
