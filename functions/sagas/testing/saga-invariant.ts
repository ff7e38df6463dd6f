/**
 * Test support for the randomized-fault runs: random fault plans, and the invariant every saga must end
 * in — ACTIVE with all resources, or FAILED with every completed step compensated and an exact log.
 */
import { db } from '../../platform/clients.ts';
import type { Fault } from '../../platform/saga/faults.ts';

export const STEPS = [
  'create-data-service',
  'assign-expert',
  'start-data-service',
  'notify-client',
  'activate-subscription',
];
const PRO_STEPS = STEPS.slice(0, 4);
/** The saga's retry policy (`run_step` in the YAML): a step failing 3 times succeeds on the 4th attempt. */
export const MAX_RETRIES = 3;

/** A well-formed but meaningless sealed field: these tests never open the client's personal data. */
export const DUMMY_SEALED = {
  v: 1,
  alg: 'A256GCM-HKDF-SHA256',
  keyVersion: 1,
  salt: 's',
  iv: 'i',
  ct: '',
  tag: 't',
} as const;

/** A seeded PRNG (LCG), so a failing run can be replayed with its seed. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * One saga in four runs clean; the others get a business failure, timeouts or crashes at a random step, or
 * a provisioning step that commits and still reports a timeout on every call (its undo must still run).
 */
export function randomFault(r: () => number): Fault | undefined {
  if (r() < 0.25) return undefined;
  const modes = ['business', 'timeout', 'crash', 'timeout-after-commit'] as const;
  const mode = modes[Math.floor(r() * modes.length)] as Fault['mode'];
  const steps = mode === 'timeout-after-commit' ? PRO_STEPS : STEPS;
  return { step: steps[Math.floor(r() * steps.length)] as string, mode, times: 1 + Math.floor(r() * 5) };
}

/** A fault no retry absorbs: the saga must end FAILED at that step. */
const unabsorbable = (f: Fault) =>
  f.mode === 'business' || f.mode === 'timeout-after-commit' || f.times > MAX_RETRIES;

/** Fills the expert registry with `count` experts of `capacity` seats. */
export async function seedExperts(count: number, capacity: number): Promise<void> {
  const batch = db().batch();
  for (let i = 0; i < count; i++)
    batch.set(db().collection('experts').doc(`e-${i}`), {
      id: `e-${i}`,
      capacity,
      load: 0,
      available: capacity,
      specialties: [],
    });
  await batch.commit();
}

type Doc = Record<string, unknown> | undefined;
interface StepDoc {
  status: string;
  attempt: number;
  history: { status: string }[];
}

/** Every way saga `id` with fault `f` breaks the invariant (empty when it holds); `active` says how it ended. */
export async function invariantProblems(
  id: string,
  f: Fault | undefined,
): Promise<{ problems: string[]; active: boolean }> {
  const [sub, ds, saga, steps] = await Promise.all([
    db().collection('subscriptions').doc(id).get(),
    db().collection('data-services').doc(`ds-${id}`).get(),
    db().collection('sagas').doc(id).get(),
    db().collection('saga-log').where('sagaId', '==', id).get(),
  ]);
  const log = Object.fromEntries(steps.docs.map((d) => [d.data().step as string, d.data() as StepDoc]));
  const s: Doc = sub.data();
  const d: Doc = ds.data();
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(`${id} ${JSON.stringify(f ?? null)}: ${what}`);
  };
  // The log is exact: one RECEIVED per attempt, and the latest entry is the step's status.
  for (const [step, entry] of Object.entries(log)) {
    const received = entry.history.filter((h) => h.status === 'RECEIVED').length;
    check(received === entry.attempt, `${step}: ${received} RECEIVED entries for attempt ${entry.attempt}`);
    check(
      entry.history.at(-1)?.status === entry.status,
      `${step}: history ends ${entry.history.at(-1)?.status}`,
    );
  }
  const active = s?.status === 'ACTIVE';
  if (active) {
    check(!f || !unabsorbable(f), 'ACTIVE despite a fault no retry can absorb');
    check(
      d?.status === 'STARTED' && typeof d?.expertId === 'string',
      'data service not STARTED with an expert',
    );
    check(saga.data()?.status === 'PROCESSED', `saga ${saga.data()?.status}, want PROCESSED`);
    check(
      Object.keys(log).sort().join() === [...STEPS].sort().join(),
      `log steps ${Object.keys(log).join()}`,
    );
    for (const step of STEPS) check(log[step]?.status === 'PROCESSED', `${step} ${log[step]?.status}`);
    if (f) check((log[f.step]?.attempt ?? 0) >= f.times + 1, `${f.step} attempt ${log[f.step]?.attempt}`);
  } else {
    check(s?.status === 'FAILED', `subscription ${s?.status}, want ACTIVE or FAILED`);
    const failed = STEPS.filter((step) => log[step]?.status === 'FAILED');
    // A step that committed and then timed out on every call failed without a FAILED record: it was undone.
    const committedThenTimedOut =
      f?.mode === 'timeout-after-commit' && failed.length === 0 ? f.step : undefined;
    check(
      failed.length === 1 || committedThenTimedOut !== undefined,
      `failed steps: ${failed.join() || 'none'}`,
    );
    const failedStep = failed[0] ?? committedThenTimedOut ?? '';
    if (committedThenTimedOut)
      check(
        log[failedStep]?.status === 'COMPENSATED',
        `${failedStep} committed, then ${log[failedStep]?.status}`,
      );
    // Either the injected fault could not be absorbed, or (contention on top of it) the retries ran out.
    const injected = f !== undefined && f.step === failedStep && unabsorbable(f);
    const exhausted = log[failedStep]?.attempt === MAX_RETRIES + 1;
    check(injected || exhausted, `${failedStep} failed after ${log[failedStep]?.attempt} attempts`);
    const failedAt = STEPS.indexOf(failedStep);
    check(
      !ds.exists ||
        (d?.status === 'TERMINATED' && ((d?.imageIds as unknown[] | undefined) ?? []).length === 0),
      `data service ${d?.status}`,
    );
    check(saga.data()?.status === 'COMPENSATED', `saga ${saga.data()?.status}, want COMPENSATED`);
    for (const step of PRO_STEPS.slice(0, failedAt))
      check(log[step]?.status === 'COMPENSATED', `${step} ${log[step]?.status}, want COMPENSATED`);
    for (const step of STEPS.slice(failedAt + 1)) check(!log[step], `${step} ran after the failure`);
    check(log['fail-subscription']?.status === 'PROCESSED', 'subscription not marked FAILED by the saga');
    check(log['notify-failure']?.status === 'PROCESSED', 'client not notified of the failure');
  }
  return { problems, active };
}

/** Seats held across the registry: must equal the number of sagas that ended ACTIVE. */
export async function seatsHeld(): Promise<number> {
  const experts = await db().collection('experts').get();
  return experts.docs.reduce((n, e) => n + (e.data().load as number), 0);
}
