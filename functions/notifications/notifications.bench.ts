/**
 * notifications: event-store append throughput on the Firestore emulator (one stream, and 100 streams in
 * parallel), and end-to-end latency from UserRegistered published to the welcome mail stored by the SMTP sink.
 */
import { randomUUID } from 'node:crypto';
import { type Benchmark, sized } from '../../bench/bench.types.ts';
import { startCosting } from '../../bench/platform-costs.ts';
import { percentile } from '../../bench/stats.ts';
import { ensureUser } from '../../emulators/auth/users.ts';
import { UserRegisteredV1 } from '../../schemas/identity/v1/user-registered.event.ts';
import { db, pubsubClient } from '../platform/clients.ts';
import { envelope, toPubsubMessage } from '../platform/messaging/cloudevent.ts';
import { appendToStream } from './adapters/event-store.ts';
import type { NotificationEvent } from './domain/notification.decider.ts';

const SINGLE_STREAM_EVENTS = 200;
const STREAMS = 100;
const EVENTS_PER_STREAM = 5;
const MAILS = 60;
const MAIL_RATE = 10;

const event = (id: string, i: number): NotificationEvent => ({
  type: 'NotificationCreated',
  data: { notificationId: id, subject: `bench ${i}`, at: new Date().toISOString() },
});

/** Appends `n` events to one stream, one transaction each (the version guard serialises a stream). */
async function appendSequentially(streamId: string, n: number): Promise<void> {
  for (let v = 0; v < n; v++)
    await db().runTransaction((tx) => appendToStream(tx, streamId, v, [event(streamId, v)], new Date(), v));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const bench: Benchmark = {
  name: 'notifications',
  description: `appends: ${SINGLE_STREAM_EVENTS} events to 1 stream, ${STREAMS}×${EVENTS_PER_STREAM} in parallel streams; ${MAILS} UserRegistered at ${MAIL_RATE}/s → welcome mail in the SMTP sink`,
  async run(ctx) {
    const suite = await ctx.suite();
    const singleEvents = sized(ctx, SINGLE_STREAM_EVENTS, 20);
    const streams = sized(ctx, STREAMS, 5);
    const mails = sized(ctx, MAILS, 3);
    const t0 = performance.now();
    await appendSequentially(`bench-single-${randomUUID()}`, singleEvents);
    const singleRate = singleEvents / ((performance.now() - t0) / 1000);

    const t1 = performance.now();
    await Promise.all(
      Array.from({ length: streams }, () =>
        appendSequentially(`bench-many-${randomUUID()}`, EVENTS_PER_STREAM),
      ),
    );
    const manyRate = (streams * EVENTS_PER_STREAM) / ((performance.now() - t1) / 1000);

    // End to end: users exist in the Auth emulator (the recipients directory resolves them there).
    const users = await Promise.all(
      Array.from({ length: mails }, async (_, i) => {
        const email = `bench-${i}-${randomUUID().slice(0, 8)}@bench.example`;
        return { email, uid: await ensureUser(suite.projectId, { email, roles: ['client'] }) };
      }),
    );
    const costs = await startCosting(suite);
    const topic = pubsubClient().topic('identity.events');
    const sentAt = new Map<string, number>();
    const start = performance.now();
    for (const [i, u] of users.entries()) {
      const due = start + (i * 1000) / MAIL_RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const m = toPubsubMessage(
        envelope(
          UserRegisteredV1,
          { userId: u.uid, roles: ['client'], language: 'es', registeredAt: new Date().toISOString() },
          { source: '/bench' },
        ),
      );
      sentAt.set(u.email, Date.now());
      void topic.publishMessage({ data: m.data, attributes: m.attributes });
    }
    const receivedAt = new Map<string, number>();
    const deadline = Date.now() + 60_000;
    while (receivedAt.size < users.length && Date.now() < deadline) {
      const res = await fetch(`${suite.env.MAIL_API_URL}/messages`);
      const items = ((await res.json()) as { items: { to: string[]; receivedAt: string }[] }).items;
      // The sink's own receipt time (same machine, same clock): the polling starts after the last publish.
      for (const m of items)
        for (const to of m.to)
          if (sentAt.has(to) && !receivedAt.has(to)) receivedAt.set(to, Date.parse(m.receivedAt));
      await sleep(50);
    }
    const cost = await costs({ per: users.length, unit: 'mail' });
    const latencies = [...receivedAt].map(([to, at]) => at - (sentAt.get(to) as number));
    return {
      appendSingleStream: { value: singleRate, unit: 'events/s' },
      append100Streams: { value: manyRate, unit: 'events/s' },
      eventToMailP50: { value: percentile(latencies, 50), unit: 'ms' },
      eventToMailP99: { value: percentile(latencies, 99), unit: 'ms' },
      mailsNotReceivedWithin60s: { value: users.length - receivedAt.size, unit: 'mails' },
      ...cost,
    };
  },
};
export default bench;
