/** The subscription aggregate as a pure decider: decide(command, state) → events | rejection; evolve(state, event) → state. */
import type { Plan } from '../../../schemas/subscriptions/v1/plan.ts';
import type {
  Money,
  ProtectedClient,
  SubscriptionStatus,
} from '../../../schemas/subscriptions/v1/subscription.fields.ts';

export interface Invoice {
  invoiceId: string;
  amount: Money;
  providerReference: string;
  paidAt: string;
}

export type SubscriptionState =
  | { status: 'NONE'; version: 0 }
  | {
      status: SubscriptionStatus;
      version: number;
      id: string;
      clientCode: string;
      userId: string;
      planCode: string;
      planVersion: number;
      client: ProtectedClient;
      invoices: Invoice[];
      createdAt: string;
      updatedAt: string;
      reason?: string;
    };
export type Existing = Exclude<SubscriptionState, { status: 'NONE' }>;

/** A payment attempt as the provider answered it (the port runs before deciding). */
export type Charge =
  | { ok: true; invoiceId: string; amount: Money; providerReference: string }
  | { ok: false; declineCode: string };

export type SubscriptionCommand =
  | {
      type: 'CreateSubscription';
      id: string;
      clientCode: string;
      userId: string;
      client: ProtectedClient;
      plan: Plan | undefined;
      at: Date;
    }
  | { type: 'ChangePlan'; plan: Plan | undefined; planCode: string; at: Date }
  | { type: 'CancelSubscription'; reason: 'client-request' | 'non-payment' | 'other'; at: Date }
  | { type: 'PaySubscription'; charge: Charge; at: Date }
  | { type: 'ActivateSubscription'; at: Date }
  | { type: 'FailSubscription'; reason: string; at: Date };

export type SubscriptionEvent =
  | {
      type: 'SubscriptionCreated';
      id: string;
      clientCode: string;
      userId: string;
      client: ProtectedClient;
      plan: Plan;
      at: string;
    }
  | { type: 'SubscriptionActivated'; at: string }
  | { type: 'SubscriptionPlanChanged'; fromPlanCode: string; plan: Plan; at: string }
  | { type: 'SubscriptionCancelled'; reason: 'client-request' | 'non-payment' | 'other'; at: string }
  | { type: 'SubscriptionPaid'; invoice: Invoice; at: string }
  | { type: 'SubscriptionPaymentDeclined'; declineCode: string; at: string }
  | { type: 'SubscriptionFailed'; reason: string; at: string };

export type SubscriptionRejection =
  | 'SubscriptionAlreadyExists'
  | 'SubscriptionNotFound'
  | 'UnknownPlan'
  | 'SamePlan'
  | 'SubscriptionCancelled'
  | 'SubscriptionFailed'
  | 'SubscriptionAlreadyActive';

export type Decision =
  | { ok: true; events: SubscriptionEvent[] }
  | { ok: false; rejection: SubscriptionRejection };

export const initialState = (): SubscriptionState => ({ status: 'NONE', version: 0 });

const accept = (...events: SubscriptionEvent[]): Decision => ({ ok: true, events });
const reject = (rejection: SubscriptionRejection): Decision => ({ ok: false, rejection });

function create(c: Extract<SubscriptionCommand, { type: 'CreateSubscription' }>, s: SubscriptionState) {
  if (s.status !== 'NONE') return reject('SubscriptionAlreadyExists');
  if (!c.plan) return reject('UnknownPlan');
  const at = c.at.toISOString();
  const { id, clientCode, userId, client } = c;
  const created: SubscriptionEvent = {
    type: 'SubscriptionCreated',
    id,
    clientCode,
    userId,
    client,
    plan: c.plan,
    at,
  };
  // A plan with nothing to provision is usable at once; otherwise the saga activates it.
  return c.plan.provisioning.length === 0
    ? accept(created, { type: 'SubscriptionActivated', at })
    : accept(created);
}

function changePlan(c: Extract<SubscriptionCommand, { type: 'ChangePlan' }>, s: Existing) {
  if (s.status === 'CANCELLED') return reject('SubscriptionCancelled');
  if (s.status === 'FAILED') return reject('SubscriptionFailed');
  if (!c.plan) return reject('UnknownPlan');
  if (c.plan.code === s.planCode) return reject('SamePlan');
  return accept({
    type: 'SubscriptionPlanChanged',
    fromPlanCode: s.planCode,
    plan: c.plan,
    at: c.at.toISOString(),
  });
}

function pay(c: Extract<SubscriptionCommand, { type: 'PaySubscription' }>, s: Existing) {
  if (s.status === 'CANCELLED') return reject('SubscriptionCancelled');
  if (s.status === 'FAILED') return reject('SubscriptionFailed');
  const at = c.at.toISOString();
  if (!c.charge.ok)
    return accept({ type: 'SubscriptionPaymentDeclined', declineCode: c.charge.declineCode, at });
  const { invoiceId, amount, providerReference } = c.charge;
  return accept({
    type: 'SubscriptionPaid',
    invoice: { invoiceId, amount, providerReference, paidAt: at },
    at,
  });
}

/** The saga's activation: repeated activation is a no-op; a cancelled or failed one is a business failure. */
function activate(c: Extract<SubscriptionCommand, { type: 'ActivateSubscription' }>, s: Existing) {
  if (s.status === 'CANCELLED') return reject('SubscriptionCancelled');
  if (s.status === 'FAILED') return reject('SubscriptionFailed');
  if (s.status !== 'PENDING') return accept();
  return accept({ type: 'SubscriptionActivated', at: c.at.toISOString() });
}

/** The saga's compensation: only a subscription that never became active can fail. */
function fail(c: Extract<SubscriptionCommand, { type: 'FailSubscription' }>, s: Existing) {
  if (s.status === 'ACTIVE' || s.status === 'PAST_DUE') return reject('SubscriptionAlreadyActive');
  if (s.status !== 'PENDING') return accept();
  return accept({ type: 'SubscriptionFailed', reason: c.reason, at: c.at.toISOString() });
}

export function decide(command: SubscriptionCommand, state: SubscriptionState): Decision {
  if (command.type === 'CreateSubscription') return create(command, state);
  if (state.status === 'NONE') return reject('SubscriptionNotFound');
  switch (command.type) {
    case 'ChangePlan':
      return changePlan(command, state);
    case 'CancelSubscription':
      return state.status === 'CANCELLED'
        ? reject('SubscriptionCancelled')
        : accept({ type: 'SubscriptionCancelled', reason: command.reason, at: command.at.toISOString() });
    case 'PaySubscription':
      return pay(command, state);
    case 'ActivateSubscription':
      return activate(command, state);
    case 'FailSubscription':
      return fail(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

function existing(state: SubscriptionState): Existing {
  if (state.status === 'NONE') throw new Error('event applied to a subscription that does not exist');
  return state;
}

export function evolve(state: SubscriptionState, event: SubscriptionEvent): SubscriptionState {
  const version = state.version + 1;
  const updatedAt = event.at;
  switch (event.type) {
    case 'SubscriptionCreated':
      return {
        status: 'PENDING',
        version,
        id: event.id,
        clientCode: event.clientCode,
        userId: event.userId,
        planCode: event.plan.code,
        planVersion: event.plan.version,
        client: event.client,
        invoices: [],
        createdAt: event.at,
        updatedAt,
      };
    case 'SubscriptionActivated':
      return { ...existing(state), status: 'ACTIVE', version, updatedAt };
    case 'SubscriptionPlanChanged':
      return {
        ...existing(state),
        planCode: event.plan.code,
        planVersion: event.plan.version,
        version,
        updatedAt,
      };
    case 'SubscriptionCancelled':
      return { ...existing(state), status: 'CANCELLED', reason: event.reason, version, updatedAt };
    case 'SubscriptionPaid': {
      const s = existing(state);
      const status = s.status === 'PAST_DUE' ? 'ACTIVE' : s.status;
      return { ...s, status, invoices: [...s.invoices, event.invoice], version, updatedAt };
    }
    case 'SubscriptionPaymentDeclined': {
      const s = existing(state);
      return { ...s, status: s.status === 'ACTIVE' ? 'PAST_DUE' : s.status, version, updatedAt };
    }
    case 'SubscriptionFailed':
      return { ...existing(state), status: 'FAILED', reason: event.reason, version, updatedAt };
    default: {
      const unknown: never = event;
      throw new Error(`unknown event ${JSON.stringify(unknown)}`);
    }
  }
}
