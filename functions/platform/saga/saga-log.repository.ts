/** Firestore persistence of the saga log: one document per saga and one per (saga, step). */
import type { Transaction } from '@google-cloud/firestore';
import { type SagaView, StepLog } from '../../../schemas/sagas/v1/saga.ts';
import { db } from '../clients.ts';
import type { StepRecord } from './saga-log.ts';

export const SAGAS = 'sagas';
export const SAGA_LOG = 'saga-log';

/** `ownerUid`: the subscribing user, when the event named one (the owner may read the saga). */
export type SagaDoc = Omit<SagaView, 'timeline'> & { clientCode: string; ownerUid?: string };

const stepRef = (sagaId: string, step: string) => db().collection(SAGA_LOG).doc(`${sagaId}~${step}`);
const sagaRef = (sagaId: string) => db().collection(SAGAS).doc(sagaId);

export async function loadStep(
  tx: Transaction,
  sagaId: string,
  step: string,
): Promise<StepRecord | undefined> {
  const snap = await tx.get(stepRef(sagaId, step));
  return snap.exists ? (snap.data() as StepRecord) : undefined;
}

export function saveStep(tx: Transaction, record: StepRecord): void {
  tx.set(stepRef(record.sagaId, record.step), record);
}

export async function loadSaga(tx: Transaction, sagaId: string): Promise<SagaDoc | undefined> {
  const snap = await tx.get(sagaRef(sagaId));
  return snap.exists ? (snap.data() as SagaDoc) : undefined;
}

export function saveSaga(tx: Transaction, saga: SagaDoc): void {
  tx.set(sagaRef(saga.sagaId), saga);
}

/** The saga and its steps in the order they were first touched, with its owner (not part of the view). */
export async function findSaga(sagaId: string): Promise<{ view: SagaView; ownerUid?: string } | undefined> {
  const [saga, steps] = await Promise.all([
    sagaRef(sagaId).get(),
    db().collection(SAGA_LOG).where('sagaId', '==', sagaId).get(),
  ]);
  if (!saga.exists) return undefined;
  const { clientCode: _, ownerUid, ...doc } = saga.data() as SagaDoc;
  const timeline = steps.docs
    .map((d) => StepLog.parse(d.data()))
    .sort((a, b) => (a.history[0]?.at ?? '').localeCompare(b.history[0]?.at ?? ''));
  return { view: { ...doc, timeline }, ...(ownerUid ? { ownerUid } : {}) };
}

/** The saga's documents, for listeners (its state and its step log). */
export const sagaRefs = (sagaId: string) => ({
  saga: sagaRef(sagaId),
  steps: db().collection(SAGA_LOG).where('sagaId', '==', sagaId),
});

/** Saga log rows, filtered by subscription and/or latest status. */
export async function findStepLogs(filter: { subscriptionId?: string; status?: string }): Promise<StepLog[]> {
  let query: FirebaseFirestore.Query = db().collection(SAGA_LOG);
  if (filter.subscriptionId) query = query.where('subscriptionId', '==', filter.subscriptionId);
  if (filter.status) query = query.where('status', '==', filter.status);
  const snap = await query.limit(500).get();
  return snap.docs
    .map((d) => StepLog.parse(d.data()))
    .sort((a, b) => (a.history[0]?.at ?? '').localeCompare(b.history[0]?.at ?? ''));
}
