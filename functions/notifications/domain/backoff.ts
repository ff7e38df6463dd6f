/** Exponential retry backoff: base · 2^(attempt-1), capped. */
export interface RetryPolicy {
  baseMs: number;
  maxDelayMs: number;
}

export const retryDelayMs = (attempt: number, policy: RetryPolicy): number =>
  Math.min(policy.maxDelayMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
