/** Resumable-upload sessions into the ingest bucket, opened on behalf of a health center. */
import { bucket } from './buckets.ts';

/**
 * Opens a session for one object; the returned URI is the capability to PUT its bytes (valid a week,
 * as in Cloud Storage). `ifGenerationMatch: 0`: a session never overwrites an object already uploaded.
 * `origin`: the web page that will PUT the bytes (Cloud Storage then allows that origin, and only it, to use
 * the session URI cross-origin).
 */
export async function openResumableUpload(
  objectName: string,
  { contentType, origin }: { contentType?: string | undefined; origin?: string | undefined } = {},
): Promise<string> {
  const [uri] = await bucket('ingest')
    .file(objectName)
    .createResumableUpload({
      preconditionOpts: { ifGenerationMatch: 0 },
      ...(contentType ? { metadata: { contentType } } : {}),
      ...(origin ? { origin } : {}),
    });
  return uri;
}
