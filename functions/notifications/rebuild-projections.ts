/** Rebuilds the notifications read model from the event store alone: fold every stream, write its row. */
import type { EventRecord } from '../../schemas/notifications/v1/notification-events.ts';
import { db } from '../platform/clients.ts';
import { readAll } from './adapters/event-store.ts';
import { NOTIFICATIONS_VIEW } from './adapters/notification.repository.ts';
import { evolve, initialState, type NotificationState } from './domain/notification.decider.ts';
import { toView } from './domain/notification.projection.ts';

/** Replays all events in global order into `collection` (the live read model by default); returns row count. */
export async function rebuildProjections(collection = NOTIFICATIONS_VIEW): Promise<number> {
  const streams = new Map<string, EventRecord[]>();
  for await (const record of readAll()) {
    const list = streams.get(record.streamId) ?? [];
    list.push(record);
    streams.set(record.streamId, list);
  }
  // Within a stream only version order matters (skewed clocks may interleave positions across appends).
  const states = new Map<string, NotificationState>();
  for (const [id, records] of streams) {
    records.sort((a, b) => a.version - b.version);
    records.forEach((r, i) => {
      if (r.version !== i + 1) throw new Error(`stream ${id}: a gap before version ${r.version}`);
    });
    states.set(id, records.map((r) => r.event).reduce(evolve, initialState()));
  }
  const target = db().collection(collection);
  const existing = await target.listDocuments();
  const writer = db().bulkWriter();
  for (const ref of existing) if (!states.has(ref.id)) void writer.delete(ref);
  let rows = 0;
  for (const state of states.values()) {
    const view = toView(state);
    if (!view) continue;
    void writer.set(target.doc(view.id), view);
    rows++;
  }
  await writer.close();
  return rows;
}
