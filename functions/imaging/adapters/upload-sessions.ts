/** Resumable-upload sessions into the ingest bucket, opened on behalf of a health center. */
import { bucket } from './buckets.ts';

/**
 * Opens a session for one object; the returned URI is the capability to PUT its bytes (valid a week,
 * as in Cloud Storage). `ifGenerationMatch: 0`: a session never overwrites an object already uploaded.
 */
export async function openResumableUpload(objectName: string, contentType?: string): Promise<string> {
  const [uri] = await bucket('ingest')
    .file(objectName)
    .createResumableUpload({
      preconditionOpts: { ifGenerationMatch: 0 },
      ...(contentType ? { metadata: { contentType } } : {}),
    });
  return uri;
}
