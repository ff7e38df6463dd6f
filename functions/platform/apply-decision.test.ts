/** applyDecision: the one load → decide → evolve → save → events path, with a counter as the aggregate. */
import type { Transaction } from '@google-cloud/firestore';
import { describe, expect, it } from 'vitest';
import { type AggregateAdapters, applyDecision } from './apply-decision.ts';
import type { Envelope } from './messaging/cloudevent.ts';

type State = { value: number; version: number };
type Command = { add: number };
type Event = { added: number };

function counter(start: State) {
  const saved: { next: State; previous: State; prepared: string | undefined }[] = [];
  const order: string[] = [];
  const adapters: AggregateAdapters<State, Command, Event, 'negative', string> = {
    load: async () => {
      order.push('load');
      return start;
    },
    decide: (c) =>
      c.add < 0
        ? { ok: false, rejection: 'negative' }
        : { ok: true, events: c.add ? [{ added: c.add }] : [] },
    evolve: (s, e) => ({ value: s.value + e.added, version: s.version + 1 }),
    prepare: async () => {
      order.push('prepare');
      return 'read';
    },
    save: (_tx, next, previous, prepared) => {
      order.push('save');
      saved.push({ next, previous, prepared });
    },
    publish: (_p, next) => [{ id: `v${next.version}` } as Envelope],
  };
  return { adapters, saved, order };
}
const tx = {} as Transaction;

describe('applyDecision', () => {
  it('saves the evolved state after the extra reads, and answers its integration events', async () => {
    const c = counter({ value: 1, version: 3 });
    const applied = await applyDecision(tx, c.adapters, { add: 2 });
    expect(applied).toEqual({ ok: true, events: [{ id: 'v4' }] });
    expect(c.saved).toEqual([
      { next: { value: 3, version: 4 }, previous: { value: 1, version: 3 }, prepared: 'read' },
    ]);
    expect(c.order).toEqual(['load', 'prepare', 'save']);
  });

  it('writes nothing for a rejection, nor when the decision has no event', async () => {
    const c = counter({ value: 1, version: 3 });
    expect(await applyDecision(tx, c.adapters, { add: -1 })).toEqual({ ok: false, rejection: 'negative' });
    expect(await applyDecision(tx, c.adapters, { add: 0 })).toEqual({ ok: true, events: [] });
    expect(c.saved).toEqual([]);
    expect(c.order).toEqual(['load', 'load']);
  });
});
