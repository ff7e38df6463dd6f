/** The data-service aggregate as a pure decider: CREATED → EXPERT_ASSIGNED → STARTED → TERMINATED. */
import type { Cloud, Dataset } from '../../../schemas/data-services/v1/data-service.fields.ts';

export type DataServiceState =
  | { status: 'NONE'; version: 0 }
  | {
      status: 'CREATED' | 'EXPERT_ASSIGNED' | 'STARTED' | 'TERMINATED';
      version: number;
      id: string;
      subscriptionId: string;
      clientCode: string;
      /** The owning client's uid: who may read it (absent on services created before it was carried). */
      userId?: string;
      planCode: string;
      cloud: Cloud;
      dataset: Dataset;
      expertId?: string;
      /** The dataset manifest granted at start: anonymized image ids the client may download. */
      imageIds: string[];
      /** True once the expert's capacity was given back (on termination). */
      expertReleased: boolean;
    };
type Existing = Exclude<DataServiceState, { status: 'NONE' }>;

export type DataServiceCommand =
  | {
      type: 'CreateDataService';
      id: string;
      subscriptionId: string;
      clientCode: string;
      userId?: string;
      planCode: string;
      cloud: Cloud;
      dataset: Dataset;
      at: Date;
    }
  /** `expertId` is the registry's pick, or undefined when nobody has capacity. */
  | { type: 'AssignExpert'; expertId: string | undefined; at: Date }
  | { type: 'StartDataService'; imageIds: string[]; at: Date }
  | { type: 'TerminateDataService'; reason: 'compensation' | 'cancelled' | 'admin'; at: Date };

export type DataServiceEvent =
  | (Omit<Extract<DataServiceCommand, { type: 'CreateDataService' }>, 'type' | 'at'> & {
      type: 'DataServiceCreated';
      at: string;
    })
  | { type: 'ExpertAssigned'; expertId: string; at: string }
  | { type: 'DataServiceStarted'; imageIds: string[]; at: string }
  | {
      type: 'DataServiceTerminated';
      reason: 'compensation' | 'cancelled' | 'admin';
      /** The expert whose capacity this termination gives back, if any. */
      releasedExpertId?: string;
      at: string;
    };

export type DataServiceRejection =
  | 'DataServiceNotFound'
  | 'NoExpertAvailable'
  | 'ExpertNotAssigned'
  | 'DataServiceTerminated';

export type Decision =
  | { ok: true; events: DataServiceEvent[] }
  | { ok: false; rejection: DataServiceRejection };

export const initialState = (): DataServiceState => ({ status: 'NONE', version: 0 });
const accept = (...events: DataServiceEvent[]): Decision => ({ ok: true, events });
const reject = (rejection: DataServiceRejection): Decision => ({ ok: false, rejection });

// Repeated commands (saga retries) decide no new events, so they are safe to replay.
function assign(c: Extract<DataServiceCommand, { type: 'AssignExpert' }>, s: Existing): Decision {
  if (s.status === 'TERMINATED') return reject('DataServiceTerminated');
  if (s.status !== 'CREATED') return accept();
  if (!c.expertId) return reject('NoExpertAvailable');
  return accept({ type: 'ExpertAssigned', expertId: c.expertId, at: c.at.toISOString() });
}

function start(c: Extract<DataServiceCommand, { type: 'StartDataService' }>, s: Existing): Decision {
  if (s.status === 'TERMINATED') return reject('DataServiceTerminated');
  if (s.status === 'CREATED') return reject('ExpertNotAssigned');
  if (s.status === 'STARTED') return accept();
  return accept({ type: 'DataServiceStarted', imageIds: c.imageIds, at: c.at.toISOString() });
}

function terminate(c: Extract<DataServiceCommand, { type: 'TerminateDataService' }>, s: Existing): Decision {
  if (s.status === 'TERMINATED') return accept();
  const release = s.expertId && !s.expertReleased ? { releasedExpertId: s.expertId } : {};
  return accept({ type: 'DataServiceTerminated', reason: c.reason, ...release, at: c.at.toISOString() });
}

export function decide(command: DataServiceCommand, state: DataServiceState): Decision {
  if (command.type === 'CreateDataService') {
    if (state.status !== 'NONE') return accept();
    const { type: _, at, ...rest } = command;
    return accept({ type: 'DataServiceCreated', ...rest, at: at.toISOString() });
  }
  if (state.status === 'NONE') return reject('DataServiceNotFound');
  switch (command.type) {
    case 'AssignExpert':
      return assign(command, state);
    case 'StartDataService':
      return start(command, state);
    case 'TerminateDataService':
      return terminate(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

function existing(state: DataServiceState): Existing {
  if (state.status === 'NONE') throw new Error('event applied to a data service that does not exist');
  return state;
}

export function evolve(state: DataServiceState, event: DataServiceEvent): DataServiceState {
  const version = state.version + 1;
  switch (event.type) {
    case 'DataServiceCreated': {
      const { type: _, at: __, ...rest } = event;
      return { ...rest, status: 'CREATED', version, imageIds: [], expertReleased: false };
    }
    case 'ExpertAssigned':
      return { ...existing(state), status: 'EXPERT_ASSIGNED', expertId: event.expertId, version };
    case 'DataServiceStarted':
      return { ...existing(state), status: 'STARTED', imageIds: event.imageIds, version };
    case 'DataServiceTerminated': {
      const s = existing(state);
      // Access is revoked with the grant: the manifest is emptied.
      return {
        ...s,
        status: 'TERMINATED',
        imageIds: [],
        expertReleased: s.expertReleased || !!event.releasedExpertId,
        version,
      };
    }
    default: {
      const unknown: never = event;
      throw new Error(`unknown event ${JSON.stringify(unknown)}`);
    }
  }
}
