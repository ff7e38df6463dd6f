/**
 * A subscription's grant over the catalogue, projected from subscription and data-service events. Events
 * arrive at least once and in any order, so the status only moves forward (PENDING → ACTIVE → REVOKED;
 * REVOKED is final) and the datasets come from the newest plan event seen.
 */
import type { ProvisioningStep } from '../../../schemas/subscriptions/v1/plan.ts';
import type { AccessRule } from './image-access.ts';

export type GrantStatus = 'PENDING' | 'ACTIVE' | 'REVOKED';

export interface ImageGrant {
  subscriptionId: string;
  /** The owning client's uid: the key a request's grant check reads by. */
  userId?: string;
  status: GrantStatus;
  rules: readonly AccessRule[];
  /** Sequence of the subscription event the rules came from (created or plan-changed); 0 before any. */
  rulesFrom: number;
  /** What revoked it (cancelled, failed, data-service-terminated). */
  revokedBy?: string;
}

export type GrantFact =
  | { kind: 'datasets'; rules: readonly AccessRule[]; sequence: number }
  | { kind: 'activated' }
  | { kind: 'revoked'; cause: string };

const RANK: Record<GrantStatus, number> = { PENDING: 0, ACTIVE: 1, REVOKED: 2 };

/** The datasets a plan's provisioning grants: one rule per step that names a dataset. */
export function rulesOf(provisioning: readonly ProvisioningStep[]): AccessRule[] {
  return provisioning.flatMap((step) => {
    const dataset = step.args.dataset;
    if (!dataset) return [];
    const { imageIds, filters } = dataset;
    const rule: AccessRule = Object.fromEntries(
      Object.entries(filters).filter(([, v]) => v !== undefined && v !== ''),
    );
    return [imageIds ? { ...rule, imageIds } : rule];
  });
}

/** The grant after one fact; the same fact twice, or facts out of order, give the same grant. */
export function applyGrantFact(
  grant: ImageGrant | undefined,
  subscriptionId: string,
  fact: GrantFact,
  userId?: string,
): ImageGrant {
  const base: ImageGrant = grant ?? { subscriptionId, status: 'PENDING', rules: [], rulesFrom: 0 };
  const next: ImageGrant = { ...base, ...(userId && !base.userId ? { userId } : {}) };
  switch (fact.kind) {
    case 'datasets':
      return fact.sequence > next.rulesFrom ? { ...next, rules: fact.rules, rulesFrom: fact.sequence } : next;
    case 'activated':
      return RANK[next.status] < RANK.ACTIVE ? { ...next, status: 'ACTIVE' } : next;
    case 'revoked':
      return next.status === 'REVOKED' ? next : { ...next, status: 'REVOKED', revokedBy: fact.cause };
    default: {
      const unknown: never = fact;
      throw new Error(`unknown grant fact ${JSON.stringify(unknown)}`);
    }
  }
}
