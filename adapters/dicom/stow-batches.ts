/**
 * Which spooled instances go out next, for one upload: up to `maxFiles` instances and `maxBytes` bytes in
 * one STOW-RS request, never the same SOP Instance twice in a request (STOW-RS refuses the repeat), and
 * an instance too big for a STOW-RS request on its own through a resumable upload. While the association
 * is still sending, a batch that is not full waits `lingerMs` after the last arrival for company.
 */
export interface Candidate {
  seq: number;
  bytes: number;
  sopInstanceUid: string;
}

export interface BatchLimits {
  maxFiles: number;
  maxBytes: number;
  stowMaxInstanceBytes: number;
  lingerMs: number;
}

export type NextSend<C extends Candidate> =
  | { kind: 'stow'; entries: C[] }
  | { kind: 'resumable'; entry: C }
  | { kind: 'wait'; ms: number }
  | { kind: 'none' };

export function nextBatch<C extends Candidate>(
  waiting: { closed: boolean; lastArrival: number; entries: readonly C[] },
  limits: BatchLimits,
  now: number,
): NextSend<C> {
  const [first] = waiting.entries;
  if (!first) return { kind: 'none' };
  if (first.bytes > limits.stowMaxInstanceBytes) return { kind: 'resumable', entry: first };
  const batch: C[] = [];
  const uids = new Set<string>();
  let bytes = 0;
  let full = false;
  for (const e of waiting.entries) {
    if (e.bytes > limits.stowMaxInstanceBytes || uids.has(e.sopInstanceUid)) continue;
    if (batch.length === limits.maxFiles || (batch.length > 0 && bytes + e.bytes > limits.maxBytes)) {
      full = true;
      break;
    }
    batch.push(e);
    uids.add(e.sopInstanceUid);
    bytes += e.bytes;
  }
  if (batch.length === limits.maxFiles || bytes >= limits.maxBytes) full = true;
  const idle = now - waiting.lastArrival;
  if (full || waiting.closed || idle >= limits.lingerMs) return { kind: 'stow', entries: batch };
  return { kind: 'wait', ms: limits.lingerMs - idle };
}
