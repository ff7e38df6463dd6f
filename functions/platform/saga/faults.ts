/**
 * Test-only fault injection for saga steps. A document `test-faults/{sagaId}` says which step fails and
 * how (business failure, timeout, crash) for its first `times` attempts, or (`timeout-after-commit`) that
 * every call of it commits its effect and then answers 504, as a request outliving its timeout would. It is
 * read ONLY when the process talks to the Firestore emulator and the test suite asked for it
 * (`SALUDTECH_TEST_FAULTS=1`): never in production, nor under `npm start` or a bench, which then make the
 * same Firestore reads a deployed step makes.
 */
import type { Transaction } from '@google-cloud/firestore';
import { z } from 'zod';
import { db } from '../clients.ts';

export const TEST_FAULTS = 'test-faults';

export const Fault = z.object({
  step: z.string(),
  mode: z.enum(['business', 'timeout', 'crash', 'timeout-after-commit']),
  /** Attempts that fail; later attempts succeed (a transient fault the retry policy should absorb). */
  times: z.number().int().positive(),
});
export type Fault = z.infer<typeof Fault>;

export const faultsEnabled = (env: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(env.FIRESTORE_EMULATOR_HOST) && env.NODE_ENV !== 'production' && env.SALUDTECH_TEST_FAULTS === '1';

/** The fault to inject into this attempt of this step, if the test asked for one (read in the caller's transaction). */
export async function injectedFault(
  tx: Transaction,
  sagaId: string,
  step: string,
  attempt: number,
): Promise<Fault['mode'] | undefined> {
  if (!faultsEnabled()) return undefined;
  const snap = await tx.get(db().collection(TEST_FAULTS).doc(sagaId));
  if (!snap.exists) return undefined;
  const fault = Fault.safeParse(snap.data());
  if (!fault.success || fault.data.step !== step || attempt > fault.data.times) return undefined;
  return fault.data.mode;
}

/** Whether this step must answer 504 after committing (`timeout-after-commit`, on every call, replays too). */
export async function timesOutAfterCommit(sagaId: string, step: string): Promise<boolean> {
  if (!faultsEnabled()) return false;
  const fault = Fault.safeParse((await db().collection(TEST_FAULTS).doc(sagaId).get()).data());
  return fault.success && fault.data.step === step && fault.data.mode === 'timeout-after-commit';
}
