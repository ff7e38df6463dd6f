/** The subscription decider as specifications: given past events, when a command, then events or a rejection. */
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../schemas/subscriptions/v1/plan.ts';
import { seedPlans } from '../plans/plans.v1.ts';
import {
  type Charge,
  decide,
  evolve,
  initialState,
  type SubscriptionCommand,
  type SubscriptionEvent,
} from './subscription.decider.ts';

const at = new Date('2026-01-02T03:04:05.000Z');
const plan = (code: string) => seedPlans.find((p) => p.code === code) as Plan;
const client = {
  rutToken: 'psn:rut:v1:x',
  cedulaToken: 'psn:cedula:v1:y',
  sealedEmail: {},
  sealedName: {},
} as never;
const create = (p: Plan | undefined): SubscriptionCommand => ({
  type: 'CreateSubscription',
  id: 's-1',
  clientCode: '0001',
  userId: 'u-1',
  client,
  plan: p,
  at,
});

function given(events: SubscriptionEvent[]) {
  const state = events.reduce(evolve, initialState());
  return { when: (c: SubscriptionCommand) => decide(c, state), state };
}
const eventsOf = (c: SubscriptionCommand, history: SubscriptionEvent[] = []) => {
  const d = given(history).when(c);
  if (!d.ok) throw new Error(d.rejection);
  return [...history, ...d.events];
};
const types = (d: ReturnType<typeof decide>) => (d.ok ? d.events.map((e) => e.type) : d.rejection);

const pending = () => eventsOf(create(plan('pro')));
const active = () => eventsOf({ type: 'ActivateSubscription', at }, pending());
const cancelled = () => eventsOf({ type: 'CancelSubscription', reason: 'client-request', at }, active());
const approved: Charge = {
  ok: true,
  invoiceId: 'inv-1',
  providerReference: 'r-1',
  amount: { amountMinor: 5, currency: 'COP' },
};

describe('subscription decider', () => {
  it('creates a PRO subscription PENDING: the saga activates it', () => {
    expect(types(given([]).when(create(plan('pro'))))).toEqual(['SubscriptionCreated']);
    expect(given(pending()).state).toMatchObject({ status: 'PENDING', planCode: 'pro', version: 1 });
  });

  it('activates a BASIC subscription at once: nothing to provision', () => {
    expect(types(given([]).when(create(plan('basic'))))).toEqual([
      'SubscriptionCreated',
      'SubscriptionActivated',
    ]);
  });

  it('rejects an unknown plan and a second create', () => {
    expect(types(given([]).when(create(undefined)))).toBe('UnknownPlan');
    expect(types(given(pending()).when(create(plan('pro'))))).toBe('SubscriptionAlreadyExists');
  });

  it('changes plan, but not to the same one, an unknown one, or on a cancelled subscription', () => {
    const change = (p: string): SubscriptionCommand => ({
      type: 'ChangePlan',
      planCode: p,
      plan: plan(p),
      at,
    });
    expect(types(given(active()).when(change('enterprise')))).toEqual(['SubscriptionPlanChanged']);
    expect(types(given(active()).when(change('pro')))).toBe('SamePlan');
    expect(types(given(active()).when({ type: 'ChangePlan', planCode: 'gold', plan: undefined, at }))).toBe(
      'UnknownPlan',
    );
    expect(types(given(cancelled()).when(change('basic')))).toBe('SubscriptionCancelled');
  });

  it('cancels once; cancelling again is a rejection; a missing subscription is not found', () => {
    expect(given(cancelled()).state.status).toBe('CANCELLED');
    expect(types(given(cancelled()).when({ type: 'CancelSubscription', reason: 'other', at }))).toBe(
      'SubscriptionCancelled',
    );
    expect(types(given([]).when({ type: 'CancelSubscription', reason: 'other', at }))).toBe(
      'SubscriptionNotFound',
    );
  });

  it('a declined payment makes it PAST_DUE and a later payment makes it ACTIVE with an invoice', () => {
    const declined = eventsOf(
      { type: 'PaySubscription', charge: { ok: false, declineCode: 'card_declined' }, at },
      active(),
    );
    expect(given(declined).state.status).toBe('PAST_DUE');
    const paid = eventsOf({ type: 'PaySubscription', charge: approved, at }, declined);
    expect(given(paid).state).toMatchObject({ status: 'ACTIVE', invoices: [{ invoiceId: 'inv-1' }] });
  });

  it('refuses payment on a cancelled subscription', () => {
    expect(types(given(cancelled()).when({ type: 'PaySubscription', charge: approved, at }))).toBe(
      'SubscriptionCancelled',
    );
  });

  it('saga: activation and failure are idempotent, and cannot cross', () => {
    expect(types(given(active()).when({ type: 'ActivateSubscription', at }))).toEqual([]);
    const failed = eventsOf({ type: 'FailSubscription', reason: 'step x failed', at }, pending());
    expect(given(failed).state).toMatchObject({ status: 'FAILED', reason: 'step x failed' });
    expect(types(given(failed).when({ type: 'FailSubscription', reason: 'again', at }))).toEqual([]);
    expect(types(given(failed).when({ type: 'ActivateSubscription', at }))).toBe('SubscriptionFailed');
    expect(types(given(active()).when({ type: 'FailSubscription', reason: 'late', at }))).toBe(
      'SubscriptionAlreadyActive',
    );
  });
});
