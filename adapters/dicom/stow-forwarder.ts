/**
 * Sends spooled instances to the platform and settles them in the spool only once it has answered.
 * Per upload: batches chosen by stow-batches.ts, sent as the center's service identity with the upload id
 * as `?upload=`; answers judged by stow-outcome.ts. A batch that gets no usable answer is released and the
 * upload waits (exponential backoff with jitter) before its next try: instances are never dropped for a
 * network or server failure, only for a refusal the platform gave for them (recorded with its reason).
 */
import { readFile, stat } from 'node:fs/promises';
import type { AdapterConfig } from './adapter-config.ts';
import type { AdapterLogger } from './adapter-logger.ts';
import type { AdapterMetrics } from './adapter-metrics.ts';
import type { CenterIdentity } from './center-identity.ts';
import type { DiskSpool } from './disk-spool.ts';
import { multipartRelated } from './multipart-body.ts';
import type { HttpAnswer, PlatformClient } from './platform-client.ts';
import { backoffDelay } from './retry-backoff.ts';
import type { Settlement, SpoolEntry } from './spool-upload.ts';
import { nextBatch } from './stow-batches.ts';
import { judgeStowAnswer } from './stow-outcome.ts';

interface UploadTurn {
  attempt: number;
  notBefore: number;
  busy: boolean;
  /** Lowered after a 413, so the next batches are smaller. */
  maxFiles: number;
}

export interface ForwarderDeps {
  spool: DiskSpool;
  platform: PlatformClient;
  identityOf: (centerCode: string) => CenterIdentity | undefined;
  config: AdapterConfig['forward'];
  metrics: AdapterMetrics;
  log: AdapterLogger;
  now?: () => number;
}

type Outcome =
  | { ok: true; settlements: Settlement[] }
  | { ok: false; why: string; renewToken?: boolean; split?: boolean };

export class StowForwarder {
  private readonly turns = new Map<string, UploadTurn>();
  private active = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private running = false;
  private readonly inflight = new Set<Promise<void>>();
  private readonly now: () => number;
  lastSuccessAt: number | undefined;
  lastFailure: string | undefined;

  constructor(private readonly d: ForwarderDeps) {
    this.now = d.now ?? Date.now;
    d.spool.on('instance', () => this.wake());
  }

  start(): void {
    this.running = true;
    this.wake();
  }

  /** Stops taking new batches and waits for those in flight (their answers are still recorded). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.all([...this.inflight]);
  }

  /** Instances waiting (not in flight), for health. */
  get backlog(): number {
    return this.d.spool.waiting().reduce((n, w) => n + w.entries.length, 0);
  }

  wake(): void {
    if (!this.running) return;
    queueMicrotask(() => this.pump());
  }

  private wakeAt(at: number): void {
    if (!this.running || at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.pump();
      },
      Math.max(0, at - this.now()),
    );
  }

  private turn(uploadId: string): UploadTurn {
    let t = this.turns.get(uploadId);
    if (!t) {
      t = { attempt: 0, notBefore: 0, busy: false, maxFiles: this.d.config.batchMaxFiles };
      this.turns.set(uploadId, t);
    }
    return t;
  }

  private pump(): void {
    if (!this.running) return;
    const now = this.now();
    const live = new Set<string>();
    for (const w of this.d.spool.waiting()) {
      live.add(w.uploadId);
      if (this.active >= this.d.config.concurrency) return;
      const t = this.turn(w.uploadId);
      if (t.busy) continue;
      if (t.notBefore > now) {
        this.wakeAt(t.notBefore);
        continue;
      }
      const next = nextBatch(
        w,
        {
          maxFiles: t.maxFiles,
          maxBytes: this.d.config.batchMaxBytes,
          stowMaxInstanceBytes: this.d.config.stowMaxInstanceBytes,
          lingerMs: this.d.config.lingerMs,
        },
        now,
      );
      if (next.kind === 'none') continue;
      if (next.kind === 'wait') {
        this.wakeAt(now + next.ms);
        continue;
      }
      const entries = next.kind === 'stow' ? next.entries : [next.entry];
      this.d.spool.claim(
        w.uploadId,
        entries.map((e) => e.seq),
      );
      t.busy = true;
      this.active++;
      const run = this.send(w.uploadId, t, next.kind, entries)
        .catch((e: Error) => {
          // A spool (disk) failure while settling: the instances stay pending and are sent again later.
          this.d.spool.release(
            w.uploadId,
            entries.map((x) => x.seq),
          );
          this.d.log.error('settling a batch failed', { uploadId: w.uploadId, error: e.name });
        })
        .finally(() => {
          t.busy = false;
          this.active--;
          this.inflight.delete(run);
          this.wake();
        });
      this.inflight.add(run);
    }
    for (const id of this.turns.keys()) if (!live.has(id) && !this.turns.get(id)?.busy) this.turns.delete(id);
  }

  private async send(uploadId: string, t: UploadTurn, kind: 'stow' | 'resumable', entries: SpoolEntry[]) {
    const meta = this.d.spool.meta(uploadId);
    const log = this.d.log.with(
      { center: meta.centerCode, callingAe: meta.callingAeTitle },
      { id: uploadId },
    );
    const identity = this.d.identityOf(meta.centerCode);
    let outcome: Outcome;
    try {
      if (!identity) outcome = { ok: false, why: 'no-identity-for-center' };
      else {
        const token = await identity.idToken();
        outcome =
          kind === 'stow'
            ? await this.stow(token, uploadId, entries)
            : await this.resumable(token, uploadId, entries[0] as SpoolEntry);
        if (!outcome.ok && outcome.renewToken) identity.invalidate();
      }
    } catch (e) {
      outcome = { ok: false, why: `identity: ${(e as Error).message}` };
    }
    if (outcome.ok) {
      await this.d.spool.settle(uploadId, outcome.settlements);
      t.attempt = 0;
      t.notBefore = 0;
      this.lastSuccessAt = this.now();
      for (const s of outcome.settlements) {
        if (s.result === 'forwarded') this.d.metrics.inc('dicom_adapter_forwarded_total', { via: s.via });
        else this.d.metrics.inc('dicom_adapter_failed_total', { reason: s.reason });
      }
      const forwarded = outcome.settlements.filter((s) => s.result === 'forwarded');
      const failed = outcome.settlements.length - forwarded.length;
      const first = forwarded[0];
      log.info(kind === 'stow' ? 'stow-rs batch answered' : 'resumable upload answered', {
        uploadId,
        instances: entries.length,
        bytes: entries.reduce((n, e) => n + e.bytes, 0),
        forwarded: forwarded.length,
        failed,
        platformUploadId: first?.result === 'forwarded' ? first.platformUploadId : undefined,
      });
      return;
    }
    this.d.spool.release(
      uploadId,
      entries.map((e) => e.seq),
    );
    if (outcome.split && t.maxFiles > 1) {
      t.maxFiles = Math.max(1, Math.floor(entries.length / 2));
      this.d.metrics.inc('dicom_adapter_retries_total', { cause: 'split' });
      return;
    }
    t.attempt++;
    const delay = backoffDelay(t.attempt, this.d.config.retryBaseMs, this.d.config.retryMaxMs);
    t.notBefore = this.now() + delay;
    this.lastFailure = outcome.why;
    this.d.metrics.inc('dicom_adapter_retries_total', { cause: outcome.why.split(':')[0] as string });
    log.warn('platform did not take the batch; retrying later', {
      uploadId,
      instances: entries.length,
      why: outcome.why,
      attempt: t.attempt,
      retryInMs: delay,
    });
    this.wakeAt(t.notBefore);
  }

  private async stow(token: string, uploadId: string, entries: SpoolEntry[]): Promise<Outcome> {
    const parts = await Promise.all(entries.map((e) => readFile(e.path)));
    const { body, contentType } = multipartRelated(parts);
    const answer = await this.d.platform.stow(token, uploadId, body, contentType);
    this.d.metrics.inc('dicom_adapter_stow_requests_total', { code: String(answer.status) });
    if (answer.status === 0) return { ok: false, why: `no-answer:${answer.error ?? ''}` };
    const verdict = judgeStowAnswer(entries, answer);
    switch (verdict.kind) {
      case 'answered':
        return {
          ok: true,
          settlements: verdict.results.map((r) =>
            r.result === 'forwarded'
              ? {
                  seq: r.seq,
                  result: 'forwarded',
                  via: 'stow-rs',
                  ...(verdict.platformUploadId ? { platformUploadId: verdict.platformUploadId } : {}),
                }
              : r,
          ),
        };
      case 'retry':
        return { ok: false, why: verdict.why, renewToken: verdict.renewToken };
      case 'split':
        if (entries.length > 1) return { ok: false, why: 'http-413', split: true };
        // One instance too big for STOW-RS: take the resumable path with it.
        return this.resumable(token, uploadId, entries[0] as SpoolEntry);
      case 'refused':
        return {
          ok: true,
          settlements: entries.map((e) => ({ seq: e.seq, result: 'failed', reason: verdict.reason })),
        };
      default: {
        const never: never = verdict;
        throw new Error(`unknown verdict ${JSON.stringify(never)}`);
      }
    }
  }

  /** POST /uploads for a session in the same upload, then one streamed PUT of the file. */
  private async resumable(token: string, uploadId: string, e: SpoolEntry): Promise<Outcome> {
    const fileName = `dimse-${String(e.seq).padStart(6, '0')}.dcm`;
    const opened = await this.d.platform.openResumable(token, uploadId, fileName);
    const classify = (a: HttpAnswer, what: string): Outcome | undefined => {
      if (a.status === 0) return { ok: false, why: `no-answer:${a.error ?? ''}` };
      if (a.status === 401) return { ok: false, why: `${what}-http-401`, renewToken: true };
      if (a.status === 403 || a.status === 408 || a.status === 429 || a.status >= 500)
        return { ok: false, why: `${what}-http-${a.status}` };
      return undefined;
    };
    const openRetry = classify(opened.answer, 'open-upload');
    if (openRetry) return openRetry;
    if (!opened.sessionUrl)
      return {
        ok: true,
        settlements: [{ seq: e.seq, result: 'failed', reason: `open-upload-http-${opened.answer.status}` }],
      };
    const size = (await stat(e.path)).size;
    const put = await this.d.platform.putResumable(opened.sessionUrl, e.path, size);
    const putRetry = classify(put, 'put-upload');
    if (putRetry) return putRetry;
    // 412: the object already exists (an earlier attempt finished and its answer was lost).
    if (put.status === 200 || put.status === 201 || put.status === 412)
      return {
        ok: true,
        settlements: [
          { seq: e.seq, result: 'forwarded', via: 'resumable-upload', platformUploadId: uploadId },
        ],
      };
    return {
      ok: true,
      settlements: [{ seq: e.seq, result: 'failed', reason: `put-upload-http-${put.status}` }],
    };
  }
}
