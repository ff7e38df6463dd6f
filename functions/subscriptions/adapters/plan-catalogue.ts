/** The plan catalogue: the versioned seed file, overridden and extended by admins in Firestore. */
import type { Transaction } from '@google-cloud/firestore';
import { Plan, type PlanBody } from '../../../schemas/subscriptions/v1/plan.ts';
import { db } from '../../platform/clients.ts';
import { seedPlans } from '../plans/plans.v1.ts';

export const PLANS = 'plans';
const ref = (code: string) => db().collection(PLANS).doc(code);
const seeded = (code: string) => seedPlans.find((p) => p.code === code);

/** The current plan with this code, or undefined. */
export async function findPlan(code: string, tx?: Transaction): Promise<Plan | undefined> {
  const snap = tx ? await tx.get(ref(code)) : await ref(code).get();
  return snap.exists ? Plan.parse(snap.data()) : seeded(code);
}

/** Every plan, seed plans first unless overridden. */
export async function listPlans(): Promise<Plan[]> {
  const stored = (await db().collection(PLANS).get()).docs.map((d) => Plan.parse(d.data()));
  const codes = new Set(stored.map((p) => p.code));
  return [...seedPlans.filter((p) => !codes.has(p.code)), ...stored].sort((a, b) =>
    a.code.localeCompare(b.code),
  );
}

/** Creates or replaces a plan; its version goes up by one. Existing subscriptions keep the version they have. */
export async function putPlan(code: string, body: PlanBody): Promise<Plan> {
  return db().runTransaction(async (tx) => {
    const current = await findPlan(code, tx);
    const plan: Plan = { code, ...body, version: (current?.version ?? 0) + 1 };
    tx.set(ref(code), plan);
    return plan;
  });
}
