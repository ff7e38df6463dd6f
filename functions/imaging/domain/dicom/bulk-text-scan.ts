/**
 * Scans a kept text value too big to hold (a top-level bulk value) as it streams through, window by
 * window, for the identifying values collected so far, as whole tokens: memory is one window plus an
 * overlap of the longest needle, so a needle split across two windows is still found.
 */
import { StreamingNeedleScanner } from './needle-match.ts';
import type { NeedleSource, PhiCollector } from './phi.ts';

/** Fed each window of a value in order; the source attribute of the first identifying value seen. */
export interface BulkTextScanner {
  push(window: Buffer): NeedleSource | undefined;
}

/** The scanner over a collector's needles; options-kept values are not findings. */
export function bulkTextScanner(phi: PhiCollector): BulkTextScanner {
  const scanner = new StreamingNeedleScanner(phi.matcher);
  let found: NeedleSource | undefined;
  return {
    push(window) {
      if (found !== undefined || phi.matcher.size === 0) return found;
      // Copied: the window may be a reused buffer that changes after this call.
      const hit = scanner.push(Buffer.from(window));
      if (hit && !phi.kept.has(hit.needle.tokens.join(' '))) found = hit.needle.data;
      return found;
    },
  };
}
