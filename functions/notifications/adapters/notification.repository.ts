/** Loads a notification by folding its stream, appends decided events and keeps the read model in step. */
import type { Transaction } from '@google-cloud/firestore';
import {
  type NotificationView,
  NotificationView as NotificationViewSchema,
} from '../../../schemas/notifications/v1/notification.view.ts';
import { db } from '../../platform/clients.ts';
import {
  evolve,
  fold,
  type NotificationEvent,
  type NotificationState,
} from '../domain/notification.decider.ts';
import { toView } from '../domain/notification.projection.ts';
import { appendToStream, readStream } from './event-store.ts';

export const NOTIFICATIONS_VIEW = 'notifications';

export async function loadNotification(tx: Transaction, id: string): Promise<NotificationState> {
  const { events } = await readStream(tx, id);
  return fold(events);
}

/**
 * Appends the events at the version the state was folded from, and projects the new state into the read
 * model in the same transaction: the read model is never ahead of or behind the store. It stays derived:
 * `rebuild-projections` recreates it from the events alone.
 */
export async function saveNotification(
  tx: Transaction,
  id: string,
  state: NotificationState,
  events: readonly NotificationEvent[],
  now = new Date(),
): Promise<NotificationState> {
  if (events.length === 0) return state;
  await appendToStream(tx, id, state.version, events, now, state.version);
  const next = events.reduce(evolve, state);
  const view = toView(next);
  if (view) tx.set(db().collection(NOTIFICATIONS_VIEW).doc(view.id), view);
  return next;
}

export async function findNotificationView(id: string): Promise<NotificationView | undefined> {
  const snap = await db().collection(NOTIFICATIONS_VIEW).doc(id).get();
  return snap.exists ? NotificationViewSchema.parse(snap.data()) : undefined;
}

/** A page of the read model, filtered by recipient and/or status, ordered by id. */
export async function listNotificationViews(filter: {
  recipient?: string;
  status?: string;
  pageSize: number;
  after?: string;
}): Promise<{ items: NotificationView[]; last?: string }> {
  let q = db()
    .collection(NOTIFICATIONS_VIEW)
    .orderBy('id')
    .limit(filter.pageSize + 1);
  if (filter.recipient) q = q.where('recipientId', '==', filter.recipient);
  if (filter.status) q = q.where('status', '==', filter.status);
  if (filter.after) q = q.startAfter(filter.after);
  const snap = await q.get();
  const docs = snap.docs.map((d) => NotificationViewSchema.parse(d.data()));
  const items = docs.slice(0, filter.pageSize);
  return docs.length > filter.pageSize ? { items, last: items.at(-1)?.id as string } : { items };
}
