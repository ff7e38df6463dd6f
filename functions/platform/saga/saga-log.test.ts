/** How a saga step's log record moves, and what a failed step's reason may say. */
import { describe, expect, it } from 'vitest';
import { finished, reasonFromError, transition } from './saga-log.ts';

const key = { sagaId: 's-1', subscriptionId: 'sub-1', step: 'assign-expert' };
const t0 = new Date('2026-12-01T10:00:00.000Z');
const t1 = new Date('2026-12-01T10:00:01.000Z');

describe('saga step log', () => {
  it('a first RECEIVED is attempt 1 with one history entry', () => {
    expect(transition(undefined, key, 'RECEIVED', t0)).toEqual({
      ...key,
      status: 'RECEIVED',
      attempt: 1,
      updatedAt: t0.toISOString(),
      history: [{ status: 'RECEIVED', at: t0.toISOString(), attempt: 1 }],
    });
  });

  it('each redelivered RECEIVED counts an attempt; a finish keeps the count and appends to the history', () => {
    const twice = transition(transition(undefined, key, 'RECEIVED', t0), key, 'RECEIVED', t0);
    expect(twice.attempt).toBe(2);
    const failed = transition(twice, key, 'FAILED', t1, 'HTTP 409: no expert has capacity');
    expect(failed).toMatchObject({
      status: 'FAILED',
      attempt: 2,
      reason: 'HTTP 409: no expert has capacity',
    });
    expect(failed.history.map((h) => h.status)).toEqual(['RECEIVED', 'RECEIVED', 'FAILED']);
  });

  it('a step is finished once PROCESSED, FAILED or COMPENSATED, not while RECEIVED', () => {
    expect(finished(undefined)).toBe(false);
    const received = transition(undefined, key, 'RECEIVED', t0);
    expect(finished(received)).toBe(false);
    for (const status of ['PROCESSED', 'FAILED', 'COMPENSATED'] as const)
      expect(finished(transition(received, key, status, t1))).toBe(true);
  });
});

describe('reason from a Workflows error', () => {
  it('names the HTTP code and the problem detail', () => {
    expect(reasonFromError({ code: 409, tags: ['HttpError'], body: { detail: 'no capacity' } })).toBe(
      'HTTP 409: no capacity',
    );
  });

  it('falls back to the error tags, then to a plain "error"', () => {
    expect(reasonFromError({ tags: ['ConnectionError', 'TimeoutError'] })).toBe(
      'ConnectionError,TimeoutError',
    );
    expect(reasonFromError({})).toBe('error');
  });

  it('anything that is not an error map is just "step failed"', () => {
    expect(reasonFromError('boom')).toBe('step failed');
    expect(reasonFromError(null)).toBe('step failed');
  });

  it('is capped at 300 characters', () => {
    expect(reasonFromError({ code: 500, body: { detail: 'x'.repeat(1000) } })).toHaveLength(300);
  });
});
