// Delivers object finalize/delete events as binary-mode CloudEvents, retried with exponential backoff.
import { randomUUID } from 'node:crypto';
import type { ObjectRecord } from './object-store.ts';
import { objectResource } from './resources.ts';

export interface Trigger {
  bucket: string;
  eventType: 'finalized' | 'deleted';
  url: string;
}

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 250 };
// Eventarc waits for the function (up to its 540 s timeout) before it retries a delivery; a shorter wait
// here would redeliver a large upload that is still being processed.
const REQUEST_TIMEOUT_MS = 600_000;

/** The CloudEvent attributes Eventarc sets for Cloud Storage events. */
export function cloudEventHeaders(eventType: Trigger['eventType'], obj: ObjectRecord, time: string) {
  return {
    'ce-specversion': '1.0',
    'ce-type': `google.cloud.storage.object.v1.${eventType}`,
    'ce-source': `//storage.googleapis.com/projects/_/buckets/${obj.bucket}`,
    'ce-subject': `objects/${obj.name}`,
    'ce-id': randomUUID(),
    'ce-time': time,
    'content-type': 'application/json',
  };
}

export class CloudEventDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inflight = new Set<AbortController>();
  private closed = false;

  constructor(
    private readonly triggers: Trigger[],
    private readonly retry: RetryPolicy,
    private readonly baseUrl: () => string,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {}

  /** Queues one event per matching trigger; returns immediately (delivery never blocks a request). */
  dispatch(eventType: Trigger['eventType'], obj: ObjectRecord): void {
    if (this.closed) return;
    const time = eventType === 'finalized' ? obj.updated : new Date().toISOString();
    const body = JSON.stringify(objectResource(obj, this.baseUrl()));
    for (const t of this.triggers) {
      if (t.bucket !== obj.bucket || t.eventType !== eventType) continue;
      // One ce-id per event, kept across retries so receivers can de-duplicate.
      const headers = cloudEventHeaders(eventType, obj, time);
      void this.attempt(t.url, headers, body, 1);
    }
  }

  private async attempt(
    url: string,
    headers: Record<string, string>,
    body: string,
    n: number,
  ): Promise<void> {
    if (this.closed) return;
    const ctl = new AbortController();
    this.inflight.add(ctl);
    const timeout = setTimeout(() => ctl.abort(), REQUEST_TIMEOUT_MS);
    let failure: string;
    try {
      const res = await fetch(url, { method: 'POST', headers, body, signal: ctl.signal });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return;
      failure = `HTTP ${res.status}`;
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
    } finally {
      clearTimeout(timeout);
      this.inflight.delete(ctl);
    }
    if (this.closed) return;
    if (n >= this.retry.attempts) {
      this.log(
        `storage emulator: gave up delivering ${headers['ce-type']} to ${url} after ${n} attempts (${failure})`,
      );
      return;
    }
    const delay = this.retry.baseDelayMs * 2 ** (n - 1);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(url, headers, body, n + 1);
    }, delay);
    this.timers.add(timer);
  }

  /** Drops pending retries and aborts requests in flight. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.inflight) c.abort();
  }
}
