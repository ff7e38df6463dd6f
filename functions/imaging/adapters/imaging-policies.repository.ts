/** Each center's imaging ingest policy: `imaging-center-policies/{centerCode}`, owned by imaging. */
import type { Timestamp } from '@google-cloud/firestore';
import type {
  ImagingPolicyBody,
  ImagingPolicyView,
} from '../../../schemas/imaging/v1/imaging-policy.body.ts';
import { db } from '../../platform/clients.ts';
import type { IngestPolicy } from '../domain/anonymizer.ts';
import { ingestPolicyOf } from '../domain/ingest-pipeline.ts';

export const CENTER_POLICIES = 'imaging-center-policies';

export interface StoredPolicy {
  policy: IngestPolicy;
  /** Undefined when the center never set one (the policy is then the defaults). */
  updatedAt?: Date;
}

const ref = (code: string) => db().collection(CENTER_POLICIES).doc(code);

/** The center's policy, the defaults when it has none. */
export async function policyOf(code: string): Promise<StoredPolicy> {
  const snap = await ref(code).get();
  if (!snap.exists) return { policy: ingestPolicyOf() };
  const { updatedAt, ...stored } = snap.data() as ImagingPolicyBody & { updatedAt: Timestamp };
  return { policy: ingestPolicyOf(stored), updatedAt: updatedAt.toDate() };
}

/** Replaces the center's policy (a PUT: every field, defaults for those left out). */
export async function savePolicy(code: string, body: ImagingPolicyBody): Promise<StoredPolicy> {
  const updatedAt = new Date();
  await ref(code).set({ ...body, updatedAt });
  return { policy: ingestPolicyOf(body), updatedAt };
}

/** The API view of a center's policy. */
export const policyView = (centerCode: string, s: StoredPolicy): ImagingPolicyView => ({
  centerCode,
  ...s.policy,
  extraBurnedInModalities: [...s.policy.extraBurnedInModalities],
  deviceMasks: s.policy.deviceMasks.map((d) => ({ ...d, regions: [...d.regions] })),
  stored: s.updatedAt !== undefined,
  ...(s.updatedAt ? { updatedAt: s.updatedAt.toISOString() } : {}),
});
