/**
 * Per-user rate limiting shared by every instance: a fixed one-minute window per (user, route class), counted
 * in Firestore. Firestore sustains about one write per second per document, so a window's budget is split over
 * shards (one per 60 requests/min of the limit, at most 16), each with its share of the limit. A request takes
 * one unit from a random shard in a transaction on that one document (read count, refuse if full, else +1),
 * trying the other shards when its first pick is full. Transactions make it exact under any concurrency and
 * across instances: at most `limit` requests pass per window. Contention on a user's own counter (ABORTED)
 * means that user is bursting: refused. Other Firestore failures fail open, leaving the API gateway's quota
 * (per API key / project, configured in infra) as the coarse outer guard in production. Windows expire (TTL).
 */
import { createHash } from 'node:crypto';
import type { Firestore } from '@google-cloud/firestore';
import type { Principal } from '../auth.ts';
import { db } from '../clients.ts';
import type { Logger } from '../logger.ts';
import { type Problem, problem } from './problem.ts';
import { loadRateLimitConfig, type RateLimitConfig } from './rate-limit.config.ts';

export const RATE_LIMITS = 'rate-limits';
const WINDOW_MS = 60_000;
const MAX_SHARDS = 16;

export type RouteClass = 'command' | 'query';
export const routeClassOf = (method: string): RouteClass =>
  method === 'GET' || method === 'HEAD' ? 'query' : 'command';

export interface Verdict {
  allowed: boolean;
  limit: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export interface RateLimiter {
  check(uid: string, routeClass: RouteClass): Promise<Verdict>;
}

export const shardsFor = (limitPerMinute: number) =>
  Math.min(MAX_SHARDS, Math.max(1, Math.ceil(limitPerMinute / 60)));

/** Shard i's share of the limit: the remainder goes to the first shards. */
const budgetOf = (limit: number, shards: number, i: number) =>
  Math.floor(limit / shards) + (i < limit % shards ? 1 : 0);

const shuffled = (n: number) => {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
};

export function createRateLimiter(
  config: Omit<RateLimitConfig, 'enabled'>,
  opts: { firestore?: () => Firestore; now?: () => number; collection?: string } = {},
): RateLimiter {
  const store = opts.firestore ?? db;
  const now = opts.now ?? Date.now;
  const collection = opts.collection ?? RATE_LIMITS;
  return {
    async check(uid, routeClass) {
      const limit = routeClass === 'command' ? config.commandsPerMinute : config.queriesPerMinute;
      const t = now();
      const window = Math.floor(t / WINDOW_MS);
      const resetSeconds = Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - t) / 1000));
      const key = createHash('sha256').update(uid).digest('hex').slice(0, 32);
      const shards = shardsFor(limit);
      const expireAt = new Date((window + 2) * WINDOW_MS);
      for (const i of shuffled(shards)) {
        const ref = store().collection(collection).doc(`${key}-${routeClass}-${window}-${i}`);
        const budget = budgetOf(limit, shards, i);
        const taken = await store().runTransaction(async (tx) => {
          const snap = await tx.get(ref);
          const count = snap.exists ? Number(snap.get('count') ?? 0) : 0;
          if (count >= budget) return false;
          tx.set(ref, { count: count + 1, expireAt });
          return true;
        });
        if (taken) return { allowed: true, limit, resetSeconds };
      }
      return { allowed: false, limit, resetSeconds };
    },
  };
}

let shared: { config: RateLimitConfig; limiter: RateLimiter } | undefined;
const processLimiter = () => {
  if (!shared) {
    const config = loadRateLimitConfig();
    shared = { config, limiter: createRateLimiter(config) };
  }
  return shared;
};

export interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

/**
 * Checks the caller's budget for this route class and sets the RateLimit headers; a 429 problem (with
 * Retry-After) when it is spent. Public routes are not counted: their callers authenticate otherwise (HMAC, IAM).
 */
export async function enforceRateLimit(
  method: string,
  principal: Principal,
  res: HeaderSink,
  log: Logger,
  limiter?: RateLimiter,
): Promise<Problem | undefined> {
  const p = limiter ? { config: { enabled: true }, limiter } : processLimiter();
  if (!p.config.enabled || principal.uid === 'anonymous') return undefined;
  let verdict: Verdict;
  try {
    verdict = await p.limiter.check(principal.uid, routeClassOf(method));
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code === 10)
      verdict = { allowed: false, limit: 0, resetSeconds: 1 }; // ABORTED: contended by this user's own burst
    else {
      log.warn('rate limiter unavailable: failing open', { error: (error as Error)?.name, code });
      return undefined;
    }
  }
  if (verdict.limit > 0) res.setHeader('RateLimit-Limit', String(verdict.limit));
  res.setHeader('RateLimit-Reset', String(verdict.resetSeconds));
  if (verdict.allowed) return undefined;
  res.setHeader('Retry-After', String(verdict.resetSeconds));
  const routeClass = routeClassOf(method);
  return problem(
    429,
    'rate-limited',
    `over ${verdict.limit} ${routeClass} requests per minute for this user`,
  );
}
