/** load → decide → evolve → save, plus the expert registry's bookkeeping and the integration events. */
import type { Transaction } from '@google-cloud/firestore';
import {
  DataServiceCreatedV1,
  DataServiceStartedV1,
  DataServiceTerminatedV1,
  ExpertAssignedV1,
} from '../../../schemas/data-services/v1/data-service.events.ts';
import type { Envelope } from '../../platform/messaging/cloudevent.ts';
import type { StepContext } from '../../platform/saga/saga-step.ts';
import {
  type DataServiceCommand,
  type DataServiceEvent,
  type DataServiceRejection,
  decide,
  evolve,
} from '../domain/data-service.decider.ts';
import { loadDataService, loadExpert, saveDataService, saveExpertLoad } from './data-service.repository.ts';

export type Applied = { ok: true; events: Envelope[] } | { ok: false; rejection: DataServiceRejection };

type Loaded = Awaited<ReturnType<typeof loadDataService>>;

/** Reads the expert whose load an event changes (all reads before any write, as Firestore requires). */
async function expertFor(tx: Transaction, events: DataServiceEvent[]) {
  const e = events[0];
  const id =
    e?.type === 'ExpertAssigned'
      ? e.expertId
      : e?.type === 'DataServiceTerminated'
        ? e.releasedExpertId
        : undefined;
  return id ? { expert: await loadExpert(tx, id), delta: e?.type === 'ExpertAssigned' ? 1 : -1 } : undefined;
}

export async function applyToDataService(
  id: string,
  command: DataServiceCommand,
  { tx, emit }: Pick<StepContext, 'tx' | 'emit'>,
  loaded?: Loaded,
): Promise<Applied> {
  const state = loaded ?? (await loadDataService(tx, id));
  const decision = decide(command, state);
  if (!decision.ok) return decision;
  if (decision.events.length === 0) return { ok: true, events: [] };
  const load = await expertFor(tx, decision.events);
  const next = decision.events.reduce(evolve, state);
  if (next.status === 'NONE') throw new Error('a data-service event must leave it existing');
  saveDataService(tx, next);
  if (load?.expert) saveExpertLoad(tx, load.expert, load.delta);
  const ref = { dataServiceId: next.id, subscriptionId: next.subscriptionId };
  const events = decision.events.map((e, i) => {
    const origin = { subject: next.id, sequence: state.version + i + 1 };
    switch (e.type) {
      case 'DataServiceCreated':
        return emit(
          DataServiceCreatedV1,
          {
            ...ref,
            clientCode: e.clientCode,
            planCode: e.planCode,
            cloud: e.cloud,
            dataset: e.dataset,
            createdAt: e.at,
          },
          origin,
        );
      case 'ExpertAssigned':
        return emit(ExpertAssignedV1, { ...ref, expertId: e.expertId, assignedAt: e.at }, origin);
      case 'DataServiceStarted':
        return emit(DataServiceStartedV1, { ...ref, imageCount: e.imageIds.length, startedAt: e.at }, origin);
      case 'DataServiceTerminated':
        return emit(DataServiceTerminatedV1, { ...ref, reason: e.reason, terminatedAt: e.at }, origin);
      default: {
        const unknown: never = e;
        throw new Error(`unknown event ${JSON.stringify(unknown)}`);
      }
    }
  });
  return { ok: true, events };
}
