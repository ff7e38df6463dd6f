/**
 * Scans a kept text value too big to hold (a top-level bulk value) as it streams through, window by
 * window, for the identifying values collected so far: memory is one window plus an overlap of the
 * longest needle, so a needle split across two windows is still found.
 */
import { foldAscii } from './phi.ts';

/** Fed each window of a value in order; true once an identifying value was seen. */
export interface BulkTextScanner {
  push(window: Buffer): boolean;
}

/** The scanner the engine uses: the one seam to switch to another matcher (e.g. token-aware). */
export const bulkTextScanner = (needles: readonly Buffer[]): BulkTextScanner => new WindowScanner(needles);

/** Case-folded substring search over windows with a carried tail of (longest needle − 1) bytes. */
class WindowScanner implements BulkTextScanner {
  private tail: Buffer = Buffer.alloc(0);
  private readonly overlap: number;
  private hit = false;

  constructor(private readonly needles: readonly Buffer[]) {
    this.overlap = Math.max(0, ...needles.map((n) => n.length - 1));
  }

  push(window: Buffer): boolean {
    if (this.hit || this.needles.length === 0) return this.hit;
    // Copied and folded: the window may be a reused buffer that changes after this call.
    const joined = foldAscii(this.tail.length > 0 ? Buffer.concat([this.tail, window]) : window);
    this.hit = this.needles.some((n) => joined.includes(n));
    this.tail = joined.subarray(Math.max(0, joined.length - this.overlap));
    return this.hit;
  }
}
