/** STOW-RS parts into the ingest bucket: each one object, whose finalize event runs anonymize-upload. */
import { bucket } from './buckets.ts';
import { nameFinished } from './ingest-ledger.ts';

export type IngestWrite = 'written' | 'already-there' | 'out-of-resources' | 'failed';

/** Throttled or unavailable: the client may try again later (A7xx), unlike other failures (0110). */
const RESOURCE_CODES = new Set([429, 503]);

/**
 * Writes one instance as a single-request upload (the whole part is in memory already), once: a retried
 * request finds the instance still in the bucket (412) or already finished in the ledger. Failures are
 * returned, not thrown, so one part's failure never blocks the others; `code` is the Storage API status.
 */
export async function writeToIngest(
  name: string,
  bytes: Buffer,
): Promise<{ result: IngestWrite; code?: number; error?: string }> {
  const first = await writeOnce(name, bytes);
  // A transport error (no HTTP status: a reset connection, a timeout) is worth one more try; the write is
  // create-only, so a try that did land answers `already-there`.
  return first.result === 'failed' && first.code === undefined ? writeOnce(name, bytes) : first;
}

async function writeOnce(
  name: string,
  bytes: Buffer,
): Promise<{ result: IngestWrite; code?: number; error?: string }> {
  try {
    // A finished instance's original is gone from the bucket, so the precondition alone would store it again.
    if (await nameFinished(name)) return { result: 'already-there' };
    // Create-only (generation 0): names are new per upload, and the precondition lets the client retry safely.
    await bucket('ingest')
      .file(name)
      .save(bytes, {
        resumable: false,
        contentType: 'application/dicom',
        preconditionOpts: { ifGenerationMatch: 0 },
      });
    return { result: 'written' };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const status = typeof code === 'number' ? code : undefined;
    // The name is the instance's within its upload: a retried request finds what the first one wrote.
    if (status === 412) return { result: 'already-there', code: status };
    return {
      result: status !== undefined && RESOURCE_CODES.has(status) ? 'out-of-resources' : 'failed',
      ...(status === undefined ? { error: String((e as Error)?.name ?? 'Error') } : { code: status }),
    };
  }
}
