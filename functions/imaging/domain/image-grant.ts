/**
 * A subscription's grant over the catalogue, projected from subscription and data-service events. Events
 * arrive at least once and in any order, so the status only moves forward (PENDING → ACTIVE → REVOKED;
 * REVOKED is final), the datasets come from the newest plan event seen, and a lapsed payment suspends
 * the grant until a later payment succeeds (the aggregate's PAST_DUE).
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
  /** Sequence of the activation event, once seen. */
  activatedFrom?: number;
  /** The newest payment outcome seen, by sequence. */
  lastPayment?: { sequence: number; declined: boolean };
  /** ACTIVE and not past due: what a request's grant check reads (stored so it is one indexed query). */
  inForce: boolean;
}

export type GrantFact =
  | { kind: 'datasets'; rules: readonly AccessRule[]; sequence: number }
  | { kind: 'activated'; sequence: number }
  | { kind: 'payment'; declined: boolean; sequence: number }
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

function applied(g: ImageGrant, fact: GrantFact): ImageGrant {
  switch (fact.kind) {
    case 'datasets':
      return fact.sequence > g.rulesFrom ? { ...g, rules: fact.rules, rulesFrom: fact.sequence } : g;
    case 'activated': {
      // Recorded even when already revoked, so the order the events came in leaves no trace.
      const status = RANK[g.status] < RANK.ACTIVE ? 'ACTIVE' : g.status;
      return { ...g, status, activatedFrom: g.activatedFrom ?? fact.sequence };
    }
    case 'payment':
      return fact.sequence > (g.lastPayment?.sequence ?? 0)
        ? { ...g, lastPayment: { sequence: fact.sequence, declined: fact.declined } }
        : g;
    case 'revoked':
      return g.status === 'REVOKED' ? g : { ...g, status: 'REVOKED', revokedBy: fact.cause };
    default: {
      const unknown: never = fact;
      throw new Error(`unknown grant fact ${JSON.stringify(unknown)}`);
    }
  }
}

/** Past due, as the aggregate has it: the newest payment was declined after the subscription was active. */
const pastDue = (g: ImageGrant) =>
  g.lastPayment?.declined === true && g.lastPayment.sequence > (g.activatedFrom ?? Number.MAX_SAFE_INTEGER);

/** The grant after one fact; the same fact twice, or facts out of order, give the same grant. */
export function applyGrantFact(
  grant: ImageGrant | undefined,
  subscriptionId: string,
  fact: GrantFact,
  userId?: string,
): ImageGrant {
  const base: ImageGrant = grant ?? {
    subscriptionId,
    status: 'PENDING',
    rules: [],
    rulesFrom: 0,
    inForce: false,
  };
  const next = applied({ ...base, ...(userId && !base.userId ? { userId } : {}) }, fact);
  return { ...next, inForce: next.status === 'ACTIVE' && !pastDue(next) };
}
