/** A data-service command through the platform's load → decide → save path, with the expert registry's bookkeeping. */
import type { Transaction } from '@google-cloud/firestore';
import {
  DataServiceCreatedV1,
  DataServiceStartedV1,
  DataServiceTerminatedV1,
  ExpertAssignedV1,
} from '../../../schemas/data-services/v1/data-service.events.ts';
import { type Applied, applyDecision } from '../../platform/apply-decision.ts';
import type { StepContext } from '../../platform/saga/saga-step.ts';
import {
  type DataServiceCommand,
  type DataServiceEvent,
  type DataServiceRejection,
  decide,
  evolve,
} from '../domain/data-service.decider.ts';
import { loadDataService, loadExpert, saveDataService, saveExpertLoad } from './data-service.repository.ts';

export type { Applied };

type Loaded = Awaited<ReturnType<typeof loadDataService>>;

/** Reads the expert whose load an event changes (all reads before any write, as Firestore requires). */
async function expertFor(tx: Transaction, events: readonly DataServiceEvent[]) {
  const e = events[0];
  const id =
    e?.type === 'ExpertAssigned'
      ? e.expertId
      : e?.type === 'DataServiceTerminated'
        ? e.releasedExpertId
        : undefined;
  return id ? { expert: await loadExpert(tx, id), delta: e?.type === 'ExpertAssigned' ? 1 : -1 } : undefined;
}

export function applyToDataService(
  id: string,
  command: DataServiceCommand,
  { tx, emit }: Pick<StepContext, 'tx' | 'emit'>,
  loaded?: Loaded,
): Promise<Applied<DataServiceRejection>> {
  return applyDecision(
    tx,
    {
      load: async (t) => loaded ?? (await loadDataService(t, id)),
      decide,
      evolve,
      prepare: expertFor,
      save(t, next, _previous, load) {
        if (next.status === 'NONE') throw new Error('a data-service event must leave it existing');
        saveDataService(t, next);
        if (load?.expert) saveExpertLoad(t, load.expert, load.delta);
      },
      publish(state, next, events) {
        if (next.status === 'NONE') return [];
        const ref = { dataServiceId: next.id, subscriptionId: next.subscriptionId };
        return events.map((e, i) => {
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
              return emit(
                DataServiceStartedV1,
                { ...ref, imageCount: e.imageIds.length, startedAt: e.at },
                origin,
              );
            case 'DataServiceTerminated':
              return emit(DataServiceTerminatedV1, { ...ref, reason: e.reason, terminatedAt: e.at }, origin);
            default: {
              const unknown: never = e;
              throw new Error(`unknown event ${JSON.stringify(unknown)}`);
            }
          }
        });
      },
    },
    command,
  );
}
