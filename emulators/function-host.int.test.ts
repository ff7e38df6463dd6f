/**
 * The local function host applies each push subscription's filter as Pub/Sub does upstream (the emulator
 * stores a filter and ignores it): a type the filter excludes never reaches the function; the others do.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { entry, subscriptionFilter, subscriptionName } from '../functions/manifest.ts';
import type { PubsubTrigger } from '../functions/manifest.types.ts';
import { envelope, toPubsubMessage } from '../functions/platform/messaging/cloudevent.ts';
import type { DeliveryCounts } from '../functions/platform/messaging/delivery-counts.ts';
import { SubscriptionActivatedV1 } from '../schemas/subscriptions/v1/subscription.events.ts';
import type { WriteCounts } from './firestore-write-counts.ts';
import { api, eventually, pubsub, suite, token } from './test/suite.ts';

const counts = async () => (await (await fetch(`${suite().apiUrl}/_deliveries`)).json()) as DeliveryCounts;
const of = (c: DeliveryCounts, fn: string) =>
  c[fn] ?? { processed: 0, duplicate: 0, 'dead-lettered': 0, filtered: 0, 'filtered-upstream': 0, failed: 0 };

describe('the function host and subscription filters', () => {
  it('puts the manifest’s filter on the emulator subscription', async () => {
    const trigger = entry('notify-subscription-failed').trigger as PubsubTrigger;
    const [meta] = await pubsub().subscription(subscriptionName('notify-subscription-failed')).getMetadata();
    expect(meta.filter).toBe(subscriptionFilter(trigger));
    expect(meta.filter).toContain('saludtech.subscriptions.failed.v1');
  });

  it('acknowledges an excluded type before the function runs, and delivers a handled one', async () => {
    const before = await counts();
    const e = envelope(
      SubscriptionActivatedV1,
      {
        subscriptionId: randomUUID(),
        clientCode: 'FILTER-1',
        userId: 'filter-test-owner', // carried, so the notice is addressed without waiting for a capture
        planCode: 'basic',
        activatedAt: new Date().toISOString(),
      },
      { source: '/tests/function-host' },
    );
    const m = toPubsubMessage(e);
    await pubsub().topic('subscriptions.events').publishMessage({ data: m.data, attributes: m.attributes });
    // The failed-notice function's filter excludes Activated; the activated-notice function handles it.
    const after = await eventually(async () => {
      const c = await counts();
      const dropped =
        of(c, 'notify-subscription-failed')['filtered-upstream'] -
        of(before, 'notify-subscription-failed')['filtered-upstream'];
      const handled =
        of(c, 'notify-subscription-activated').processed -
        of(before, 'notify-subscription-activated').processed;
      return dropped >= 1 && handled >= 1 ? c : undefined;
    }, 30_000);
    const failedNotice = of(after, 'notify-subscription-failed');
    const failedBefore = of(before, 'notify-subscription-failed');
    expect(failedNotice.processed).toBe(failedBefore.processed);
    expect(failedNotice['dead-lettered']).toBe(failedBefore['dead-lettered']);
  });
});

describe('the function host’s Firestore write counter', () => {
  it('counts the commits and document writes its functions make', async () => {
    const read = async () => (await (await fetch(`${suite().apiUrl}/_writes`)).json()) as WriteCounts;
    const before = await read();
    const put = await api('PUT', '/experts/write-counter', {
      token: await token(['admin']),
      body: { capacity: 3, specialties: ['rx'] },
    });
    expect(put.status).toBe(200);
    const after = await read();
    expect(after.commits).toBeGreaterThan(before.commits);
    expect(after.writes).toBeGreaterThanOrEqual(before.writes + 1);
  });
});
