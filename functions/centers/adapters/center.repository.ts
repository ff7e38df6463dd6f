/** Firestore persistence of the center aggregate, its code claims and its read model. */
import type { Transaction } from '@google-cloud/firestore';
import { type CenterView, CenterView as CenterViewSchema } from '../../../schemas/centers/v1/center.view.ts';
import { db } from '../../platform/clients.ts';
import { type CenterState, initialState } from '../domain/center.decider.ts';

export const CENTERS = 'centers';
export const CENTER_CODES = 'center-codes';
export const CENTERS_VIEW = 'centers-view';

export async function loadCenter(tx: Transaction, id: string): Promise<CenterState> {
  const snap = await tx.get(db().collection(CENTERS).doc(id));
  return snap.exists ? (snap.data() as CenterState) : initialState();
}

/** Saves the new state; `create` for a first version so a concurrent creator fails instead of overwriting. */
export function saveCenter(
  tx: Transaction,
  state: CenterState & { status: 'registered' },
  expectedVersion: number,
): void {
  const ref = db().collection(CENTERS).doc(state.id);
  if (expectedVersion === 0) tx.create(ref, state);
  else tx.set(ref, state);
}

/** Claims a center code for a center id; false when another center holds it. */
export async function claimCenterCode(
  tx: Transaction,
  code: string,
  centerId: string,
  commandId: string,
): Promise<boolean> {
  const ref = db().collection(CENTER_CODES).doc(code);
  const existing = await tx.get(ref);
  if (existing.exists) return false;
  tx.create(ref, { centerId, commandId, claimedAt: new Date() });
  return true;
}

export async function findCenterView(id: string): Promise<CenterView | undefined> {
  const snap = await db().collection(CENTERS_VIEW).doc(id).get();
  return snap.exists ? CenterViewSchema.parse(snap.data()) : undefined;
}

export async function loadCenterView(tx: Transaction, id: string): Promise<CenterView | undefined> {
  const snap = await tx.get(db().collection(CENTERS_VIEW).doc(id));
  return snap.exists ? CenterViewSchema.parse(snap.data()) : undefined;
}

export function saveCenterView(tx: Transaction, view: CenterView): void {
  tx.set(db().collection(CENTERS_VIEW).doc(view.id), view);
}

/** A page of centers ordered by code; the token is the last code of the previous page. */
export async function listCenterViews(
  pageSize: number,
  after?: string,
): Promise<{ items: CenterView[]; last?: string }> {
  let query = db()
    .collection(CENTERS_VIEW)
    .orderBy('code')
    .limit(pageSize + 1);
  if (after) query = query.startAfter(after);
  const snap = await query.get();
  const docs = snap.docs.map((d) => CenterViewSchema.parse(d.data()));
  const items = docs.slice(0, pageSize);
  return docs.length > pageSize ? { items, last: items.at(-1)?.code as string } : { items };
}
