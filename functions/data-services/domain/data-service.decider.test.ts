/** The data-service decider: CREATED → EXPERT_ASSIGNED → STARTED → TERMINATED, repeats are no-ops. */
import { describe, expect, it } from 'vitest';
import {
  type DataServiceCommand,
  type DataServiceEvent,
  decide,
  evolve,
  initialState,
} from './data-service.decider.ts';
import { pickExpert } from './expert-pick.ts';

const at = new Date('2026-01-02T03:04:05.000Z');
const create: DataServiceCommand = {
  type: 'CreateDataService',
  id: 'ds-1',
  subscriptionId: 's-1',
  clientCode: '0001',
  planCode: 'pro',
  cloud: { code: 'gcp', name: 'GCP', kind: 'public' },
  dataset: { code: 'ct', name: 'CT', filters: { modality: 'CT' } },
  at,
};

function run(commands: DataServiceCommand[]) {
  let state = initialState();
  const out: (DataServiceEvent['type'][] | string)[] = [];
  for (const c of commands) {
    const d = decide(c, state);
    out.push(d.ok ? d.events.map((e) => e.type) : d.rejection);
    if (d.ok) state = d.events.reduce(evolve, state);
  }
  return { out, state };
}

describe('data-service decider', () => {
  it('provisions in order and repeats decide nothing new', () => {
    const { out, state } = run([
      create,
      create,
      { type: 'AssignExpert', expertId: 'e-1', at },
      { type: 'AssignExpert', expertId: 'e-2', at },
      { type: 'StartDataService', imageIds: ['i-1', 'i-2'], at },
      { type: 'StartDataService', imageIds: [], at },
    ]);
    expect(out).toEqual([['DataServiceCreated'], [], ['ExpertAssigned'], [], ['DataServiceStarted'], []]);
    expect(state).toMatchObject({ status: 'STARTED', expertId: 'e-1', imageIds: ['i-1', 'i-2'] });
  });

  it('no expert available is a business failure', () => {
    expect(run([create, { type: 'AssignExpert', expertId: undefined, at }]).out[1]).toBe('NoExpertAvailable');
  });

  it('cannot start without an expert', () => {
    expect(run([create, { type: 'StartDataService', imageIds: [], at }]).out[1]).toBe('ExpertNotAssigned');
  });

  it('terminating revokes the grant and releases the expert exactly once', () => {
    const terminate: DataServiceCommand = { type: 'TerminateDataService', reason: 'compensation', at };
    const { out, state } = run([
      create,
      { type: 'AssignExpert', expertId: 'e-1', at },
      { type: 'StartDataService', imageIds: ['i-1'], at },
      terminate,
      terminate,
    ]);
    expect(out.slice(3)).toEqual([['DataServiceTerminated'], []]);
    expect(state).toMatchObject({ status: 'TERMINATED', imageIds: [], expertReleased: true });
    const d = decide(terminate, run([create, { type: 'AssignExpert', expertId: 'e-9', at }]).state);
    expect(d.ok && d.events[0]).toMatchObject({ releasedExpertId: 'e-9' });
  });

  it('picks only experts with spare capacity, none when nobody has any', () => {
    expect(
      pickExpert(
        [
          { id: 'a', available: 0 },
          { id: 'b', available: 2 },
        ],
        0.99,
      ),
    ).toBe('b');
    expect(pickExpert([{ id: 'a', available: 0 }], 0.5)).toBeUndefined();
  });
});
