/**
 * The plan catalogue's seed, version 1. Plans are data: this file is the starting catalogue, and an admin's
 * `PUT /plans/{code}` overrides or adds plans at run time (stored in Firestore, version bumped).
 */
import type { Plan } from '../../../schemas/subscriptions/v1/plan.ts';

export const PLAN_SEED_VERSION = 1;

const dataService = (dataset: { code: string; name: string; filters: Record<string, string> }) =>
  [
    {
      step: 'create-data-service',
      call: 'saga-create-data-service',
      compensate: 'saga-terminate-data-service',
      args: { cloud: { code: 'gcp-co', name: 'GCP southamerica-east1', kind: 'public' as const }, dataset },
    },
    {
      step: 'assign-expert',
      call: 'saga-assign-expert',
      compensate: 'saga-terminate-data-service',
      args: {},
    },
    {
      step: 'start-data-service',
      call: 'saga-start-data-service',
      compensate: 'saga-terminate-data-service',
      args: {},
    },
  ] as const;

const notify = (step: string, template: string) => ({
  step,
  call: 'saga-notify-client',
  compensate: 'saga-notify-client',
  args: { template },
});

export const seedPlans: readonly Plan[] = [
  {
    code: 'basic',
    name: 'BASIC',
    price: { amountMinor: 0, currency: 'COP' },
    period: 'monthly',
    provisioning: [],
    version: 1,
  },
  {
    code: 'pro',
    name: 'PRO',
    price: { amountMinor: 49_000_000, currency: 'COP' },
    period: 'monthly',
    provisioning: [
      ...dataService({ code: 'ct-torax', name: 'Tórax CT', filters: { modality: 'CT', region: 'chest' } }),
      notify('notify-client', 'subscription-ready'),
    ],
    version: 1,
  },
  {
    code: 'enterprise',
    name: 'ENTERPRISE',
    price: { amountMinor: 490_000_000, currency: 'COP' },
    period: 'yearly',
    provisioning: [
      ...dataService({ code: 'all', name: 'Catálogo completo', filters: {} }),
      notify('notify-client', 'subscription-ready'),
      // The extra step: the account team hears about every new enterprise client.
      notify('notify-account-team', 'enterprise-onboarding'),
    ],
    version: 1,
  },
];
