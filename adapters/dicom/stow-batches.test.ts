import { describe, expect, it } from 'vitest';
import { backoffDelay } from './retry-backoff.ts';
import { type BatchLimits, nextBatch } from './stow-batches.ts';

const limits: BatchLimits = { maxFiles: 3, maxBytes: 1000, stowMaxInstanceBytes: 600, lingerMs: 300 };
const e = (seq: number, bytes = 100, uid = `1.2.${seq}`) => ({ seq, bytes, sopInstanceUid: uid });

describe('nextBatch', () => {
  it('fills a batch up to maxFiles and sends it at once', () => {
    const next = nextBatch(
      { closed: false, lastArrival: 1000, entries: [1, 2, 3, 4].map((s) => e(s)) },
      limits,
      1000,
    );
    expect(next).toEqual({ kind: 'stow', entries: [e(1), e(2), e(3)] });
  });

  it('stops at maxBytes (a batch is never empty)', () => {
    const next = nextBatch(
      { closed: false, lastArrival: 0, entries: [e(1, 500), e(2, 500), e(3, 500)] },
      limits,
      0,
    );
    expect(next).toEqual({ kind: 'stow', entries: [e(1, 500), e(2, 500)] });
  });

  it('lets a partial batch of an open association wait for company, then sends it', () => {
    const w = { closed: false, lastArrival: 1000, entries: [e(1)] };
    expect(nextBatch(w, limits, 1100)).toEqual({ kind: 'wait', ms: 200 });
    expect(nextBatch(w, limits, 1300)).toEqual({ kind: 'stow', entries: [e(1)] });
    expect(nextBatch({ ...w, closed: true }, limits, 1100)).toEqual({ kind: 'stow', entries: [e(1)] });
  });

  it('sends an instance too big for STOW-RS alone by resumable upload, and batches around it', () => {
    const big = e(1, 5000);
    expect(nextBatch({ closed: true, lastArrival: 0, entries: [big, e(2)] }, limits, 0)).toEqual({
      kind: 'resumable',
      entry: big,
    });
    expect(nextBatch({ closed: true, lastArrival: 0, entries: [e(2), big, e(3)] }, limits, 0)).toEqual({
      kind: 'stow',
      entries: [e(2), e(3)],
    });
  });

  it('never puts the same SOP Instance twice in one request', () => {
    const next = nextBatch(
      { closed: true, lastArrival: 0, entries: [e(1, 100, 'x'), e(2, 100, 'x'), e(3)] },
      limits,
      0,
    );
    expect(next).toEqual({ kind: 'stow', entries: [e(1, 100, 'x'), e(3)] });
  });

  it('has nothing to do without entries', () => {
    expect(nextBatch({ closed: true, lastArrival: 0, entries: [] }, limits, 0)).toEqual({ kind: 'none' });
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, with full jitter', () => {
    expect(backoffDelay(1, 500, 60_000, () => 0.999)).toBe(999);
    expect(backoffDelay(3, 500, 60_000, () => 0.5)).toBe(2000);
    expect(backoffDelay(20, 500, 60_000, () => 0.999)).toBe(59_940);
    expect(backoffDelay(5, 500, 60_000, () => 0)).toBe(0);
  });
});
