/** The saga log's rules, pure: how a step's record moves RECEIVED → PROCESSED | FAILED | COMPENSATED. */
import type { LogStatus, StepLog } from '../../../schemas/sagas/v1/saga.ts';
import type { Envelope } from '../messaging/cloudevent.ts';

export type StepRecord = StepLog & {
  /** Stored answer of a finished step, replayed to a repeated call. */
  failure?: { reason: string };
  /** Events the step emitted; a replay publishes them again (a crash between commit and publish loses none). */
  outbox?: Envelope[];
};

/** A step that finished (either way) answers every later call with the same outcome. */
export const finished = (r: StepRecord | undefined): boolean =>
  r !== undefined && (r.status === 'PROCESSED' || r.status === 'FAILED' || r.status === 'COMPENSATED');

/** The record after a transition; `attempt` counts deliveries of the forward call. */
export function transition(
  current: StepRecord | undefined,
  key: { sagaId: string; subscriptionId: string; step: string },
  status: LogStatus,
  at: Date,
  reason?: string,
): StepRecord {
  const attempt = (current?.attempt ?? 0) + (status === 'RECEIVED' ? 1 : 0);
  const entry = { status, at: at.toISOString(), attempt, ...(reason ? { reason } : {}) };
  return {
    ...key,
    ...(current ?? {}),
    status,
    attempt,
    updatedAt: entry.at,
    ...(reason ? { reason } : {}),
    history: [...(current?.history ?? []), entry],
  };
}

/** A short, value-free reason from a Workflows error map (HttpError, ConnectionError, TimeoutError…). */
export function reasonFromError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'step failed';
  const e = error as { code?: unknown; tags?: unknown; body?: { detail?: unknown } };
  const tags = Array.isArray(e.tags) ? e.tags.filter((t) => typeof t === 'string').join(',') : '';
  const detail = typeof e.body?.detail === 'string' ? `: ${e.body.detail}` : '';
  const code = typeof e.code === 'number' ? `HTTP ${e.code}` : tags || 'error';
  return `${code}${detail}`.slice(0, 300);
}
