/** Firestore persistence of data services and the expert registry. */
import type { Transaction } from '@google-cloud/firestore';
import {
  type DataServiceView,
  type Expert,
  Expert as ExpertSchema,
} from '../../../schemas/data-services/v1/data-service.view.ts';
import { db } from '../../platform/clients.ts';
import { type DataServiceState, initialState } from '../domain/data-service.decider.ts';
import type { ExpertLoad } from '../domain/expert-pick.ts';

export const DATA_SERVICES = 'data-services';
export const EXPERTS = 'experts';

const dsRef = (id: string) => db().collection(DATA_SERVICES).doc(id);
const expertRef = (id: string) => db().collection(EXPERTS).doc(id);

/** One data service per saga, so a repeated create names the same one. */
export const dataServiceIdFor = (subscriptionId: string) => `ds-${subscriptionId}`;

export async function loadDataService(tx: Transaction, id: string): Promise<DataServiceState> {
  const snap = await tx.get(dsRef(id));
  return snap.exists ? (snap.data() as DataServiceState) : initialState();
}

export function saveDataService(tx: Transaction, state: Exclude<DataServiceState, { status: 'NONE' }>): void {
  tx.set(dsRef(state.id), state);
}

export async function findDataService(
  id: string,
): Promise<(DataServiceView & { userId?: string }) | undefined> {
  const snap = await dsRef(id).get();
  if (!snap.exists) return undefined;
  const { expertReleased: _, ...view } = snap.data() as Exclude<DataServiceState, { status: 'NONE' }>;
  return view;
}

/**
 * Experts with spare capacity, read OUTSIDE the transaction: reading them all inside would make every
 * concurrent assignment conflict with every other. The pick is re-checked in the transaction (loadExpert).
 */
export async function freeExperts(): Promise<ExpertLoad[]> {
  const snap = await db().collection(EXPERTS).where('available', '>', 0).limit(50).get();
  return snap.docs.map((d) => ({ id: d.id, available: (d.data() as Expert).available }));
}

/** Changes an expert's load by `delta` (+1 assign, −1 release); read first so the transaction guards it. */
export async function loadExpert(tx: Transaction, id: string): Promise<Expert | undefined> {
  const snap = await tx.get(expertRef(id));
  return snap.exists ? ExpertSchema.parse(snap.data()) : undefined;
}

export function saveExpertLoad(tx: Transaction, expert: Expert, delta: number): void {
  const load = Math.max(0, expert.load + delta);
  tx.set(expertRef(expert.id), { ...expert, load, available: expert.capacity - load });
}

/** Creates or updates an expert's capacity, keeping their current load. */
export async function putExpert(id: string, capacity: number, specialties: string[]): Promise<Expert> {
  return db().runTransaction(async (tx) => {
    const current = await loadExpert(tx, id);
    const load = current?.load ?? 0;
    const expert = { id, capacity, load, available: capacity - load, specialties };
    tx.set(expertRef(id), expert);
    return expert;
  });
}

export async function listExperts(): Promise<Expert[]> {
  const snap = await db().collection(EXPERTS).orderBy('available', 'desc').limit(200).get();
  return snap.docs.map((d) => ExpertSchema.parse(d.data()));
}
