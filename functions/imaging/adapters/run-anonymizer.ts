/**
 * Runs the anonymizer from a download stream into a private spool file, within the per-file time budget.
 * A timeout is a rejection (the file is poison for this budget); a failing download is a transient error.
 */
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { type AnonymizeContext, type AnonymizeOutcome, anonymize } from '../domain/anonymizer.ts';
import { createSpool, type Spool } from './spool.ts';

export type SpooledOutcome =
  | (Extract<AnonymizeOutcome, { status: 'anonymized' }> & { spool: Spool })
  | { status: 'rejected'; reason: string; detail: string };

export async function runAnonymizer(
  input: Readable,
  ctx: AnonymizeContext,
  timeoutMs: number,
): Promise<SpooledOutcome> {
  let downloadError: unknown;
  input.on('error', (e) => {
    downloadError = e;
  });
  const spool = await createSpool();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const running = anonymize(input, spool.stream, ctx);
  running.catch(() => undefined); // after a timeout nobody awaits it; its failure must not crash the process
  try {
    const result = await Promise.race([running, timedOut]);
    if (downloadError) throw downloadError;
    if (result === 'timeout') {
      input.destroy();
      await spool.dispose();
      return { status: 'rejected', reason: 'timeout', detail: `not finished within ${timeoutMs} ms` };
    }
    if (result.status !== 'anonymized') {
      await spool.dispose();
      // Held (burned-in risk) is quarantined like a rejection until the handler has its hold finish.
      return { status: 'rejected', reason: result.reason, detail: result.detail };
    }
    if (!spool.stream.writableEnded) spool.stream.end();
    await finished(spool.stream);
    return { ...result, spool };
  } catch (e) {
    input.destroy();
    await spool.dispose();
    throw downloadError ?? e;
  } finally {
    clearTimeout(timer);
  }
}
