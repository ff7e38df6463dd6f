/**
 * Runs the anonymizer from the original's download stream straight into the anonymized bucket, within
 * the per-file time budget. Only an `anonymized` outcome finalizes the object; a refusal, a hold or a
 * timeout aborts the upload. A timeout is a rejection (poison for this budget); a failing download or
 * upload is a transient error.
 */
import type { Readable } from 'node:stream';
import { type AnonymizeContext, type AnonymizeOutcome, anonymize } from '../domain/anonymizer.ts';
import { AnonymizedUpload, type UploadTarget } from './anonymized-upload.ts';

type Refused = Exclude<AnonymizeOutcome, { status: 'anonymized' }>;

export type StoredOutcome =
  | (Extract<AnonymizeOutcome, { status: 'anonymized' }> & { object: string })
  | Refused
  | { status: 'rejected'; reason: 'timeout'; detail: string };

export async function runAnonymizer(
  input: Readable,
  ctx: AnonymizeContext,
  target: UploadTarget,
  timeoutMs: number,
): Promise<StoredOutcome> {
  let downloadError: unknown;
  input.on('error', (e) => {
    downloadError = e;
  });
  const output = new AnonymizedUpload(target);
  output.on('error', () => undefined); // failures surface through the anonymizer's writes and commit()
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const running = anonymize(input, output, ctx);
  running.catch(() => undefined); // after a timeout nobody awaits it; its failure must not crash the process
  try {
    const result = await Promise.race([running, timedOut]);
    if (downloadError) throw downloadError;
    if (result === 'timeout') {
      input.destroy();
      await output.abort();
      return { status: 'rejected', reason: 'timeout', detail: `not finished within ${timeoutMs} ms` };
    }
    if (result.status !== 'anonymized') {
      await output.abort();
      return result;
    }
    return { ...result, object: await output.commit() };
  } catch (e) {
    input.destroy();
    await output.abort();
    throw downloadError ?? e;
  } finally {
    clearTimeout(timer);
  }
}
