import { describe, expect, it } from 'vitest';
import { visibleDataService } from './data-service-visibility.ts';

const service = {
  id: 'ds-6a1f0d8e-3c1b-4b8e-9c57-1f2a3b4c5d6e',
  subscriptionId: '6a1f0d8e-3c1b-4b8e-9c57-1f2a3b4c5d6e',
  clientCode: 'ACME',
  userId: 'owner-uid',
  planCode: 'pro',
  status: 'STARTED' as const,
  cloud: { code: 'gcp', name: 'GCP', kind: 'public' as const },
  dataset: { code: 'ct', name: 'CT', filters: {} },
  expertId: 'expert-uid',
  imageIds: ['i-1'],
  version: 3,
};

describe('who sees a data service', () => {
  it('shows its owner the service without the expert’s uid', () => {
    const view = visibleDataService(service, { uid: 'owner-uid', roles: ['client'] });
    expect(view).toMatchObject({ id: service.id, expertAssigned: true, imageIds: ['i-1'] });
    expect(view && 'expertId' in view).toBe(false);
    expect(view && 'userId' in view).toBe(false);
  });

  it('hides it from other clients, other experts, and everyone when the owner is unknown', () => {
    expect(visibleDataService(service, { uid: 'someone', roles: ['client'] })).toBeUndefined();
    expect(visibleDataService(service, { uid: 'other-expert', roles: ['expert'] })).toBeUndefined();
    const { userId: _, ...legacy } = service;
    expect(visibleDataService(legacy, { uid: 'owner-uid', roles: ['client'] })).toBeUndefined();
  });

  it('shows admins and the assigned expert everything but the owner uid', () => {
    for (const reader of [
      { uid: 'admin', roles: ['admin' as const] },
      { uid: 'expert-uid', roles: ['expert' as const] },
    ])
      expect(visibleDataService(service, reader)).toMatchObject({ expertId: 'expert-uid' });
  });
});
