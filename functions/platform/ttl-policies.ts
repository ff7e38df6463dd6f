/**
 * Collections whose documents expire, by the timestamp field that says when: Firestore TTL policies in
 * production (infra/firestore.tf, from the deploy view), the local host's sweeper in the suite.
 */
import { RATE_LIMITS } from './http/rate-limit.ts';
import { PROCESSED } from './messaging/event-handler.ts';

export interface TtlPolicy {
  collection: string;
  field: string;
}

export const TTL_POLICIES: readonly TtlPolicy[] = [
  // Dedupe records outlive any redelivery (Pub/Sub retains messages 7 days; the record 30).
  { collection: PROCESSED, field: 'expireAt' },
  // Rate-limit windows are worthless two windows later.
  { collection: RATE_LIMITS, field: 'expireAt' },
];
