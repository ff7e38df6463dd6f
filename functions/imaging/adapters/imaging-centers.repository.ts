/** The imaging context's own projection of registered centers (from `centers.events`), keyed by code. */
import type { Transaction } from '@google-cloud/firestore';
import { db } from '../../platform/clients.ts';
import type { RegisteredCenter } from '../domain/image.decider.ts';

export const IMAGING_CENTERS = 'imaging-centers';

interface ImagingCenterDoc extends RegisteredCenter {
  version: number;
}

export async function loadImagingCenter(
  tx: Transaction,
  code: string,
): Promise<ImagingCenterDoc | undefined> {
  const snap = await tx.get(db().collection(IMAGING_CENTERS).doc(code));
  return snap.exists ? (snap.data() as ImagingCenterDoc) : undefined;
}

export function saveImagingCenter(tx: Transaction, doc: ImagingCenterDoc): void {
  tx.set(db().collection(IMAGING_CENTERS).doc(doc.code), doc);
}

export async function centerByCode(code: string): Promise<RegisteredCenter | undefined> {
  const snap = await db().collection(IMAGING_CENTERS).doc(code).get();
  if (!snap.exists) return undefined;
  const { centerId } = snap.data() as ImagingCenterDoc;
  return { centerId, code };
}

export async function centerById(centerId: string): Promise<RegisteredCenter | undefined> {
  const snap = await db().collection(IMAGING_CENTERS).where('centerId', '==', centerId).limit(1).get();
  const doc = snap.docs[0]?.data() as ImagingCenterDoc | undefined;
  return doc ? { centerId: doc.centerId, code: doc.code } : undefined;
}
