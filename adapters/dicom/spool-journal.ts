/**
 * The per-upload journal of the disk spool: one JSON line per fact, appended and fsync'd. A `spooled` line
 * is written after the instance's file is on disk and before the C-STORE success goes out, so it is the
 * acknowledgement's record; `forwarded`/`failed` are written when the platform has answered, before the
 * file is removed. Replaying the lines gives every instance's state after a crash: a file with no
 * `spooled` line was never acknowledged (the sender was told nothing and will send it again).
 */
import { z } from 'zod';

export const JournalLine = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('spooled'),
    seq: z.number().int().min(1),
    bytes: z.number().int().min(0),
    sopClassUid: z.string(),
    sopInstanceUid: z.string(),
  }),
  z.object({
    op: z.literal('forwarded'),
    seq: z.number().int().min(1),
    via: z.enum(['stow-rs', 'resumable-upload']),
    /** The platform upload the instance landed in (ours, once STOW-RS takes `?upload=`). */
    platformUploadId: z.string().optional(),
  }),
  z.object({
    op: z.literal('failed'),
    seq: z.number().int().min(1),
    /** PS3.18 Failure Reason (hex) or an HTTP status (`http-400`). */
    reason: z.string(),
  }),
  z.object({ op: z.literal('closed'), at: z.string() }),
]);
export type JournalLine = z.infer<typeof JournalLine>;

export interface SpooledInstance {
  seq: number;
  bytes: number;
  sopClassUid: string;
  sopInstanceUid: string;
}

export interface Replay {
  pending: SpooledInstance[];
  forwarded: number;
  failed: { seq: number; reason: string }[];
  /** Seqs whose file may still be on disk but need not be (already answered by the platform). */
  settled: number[];
  closed: boolean;
  /** Lines that could not be read (a torn last line after a crash is the expected case). */
  unreadable: number;
}

/** Folds journal text into the upload's state. A torn or unknown line is counted, not fatal. */
export function replayJournal(text: string): Replay {
  const spooled = new Map<number, SpooledInstance>();
  const settled = new Set<number>();
  const failed: { seq: number; reason: string }[] = [];
  let forwarded = 0;
  let closed = false;
  let unreadable = 0;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      unreadable++;
      continue;
    }
    const line = JournalLine.safeParse(json);
    if (!line.success) {
      unreadable++;
      continue;
    }
    const l = line.data;
    switch (l.op) {
      case 'spooled':
        spooled.set(l.seq, {
          seq: l.seq,
          bytes: l.bytes,
          sopClassUid: l.sopClassUid,
          sopInstanceUid: l.sopInstanceUid,
        });
        break;
      case 'forwarded':
        if (!settled.has(l.seq)) forwarded++;
        settled.add(l.seq);
        break;
      case 'failed':
        if (!settled.has(l.seq)) failed.push({ seq: l.seq, reason: l.reason });
        settled.add(l.seq);
        break;
      case 'closed':
        closed = true;
        break;
      default: {
        const never: never = l;
        throw new Error(`unknown journal op ${JSON.stringify(never)}`);
      }
    }
  }
  const pending = [...spooled.values()].filter((s) => !settled.has(s.seq)).sort((a, b) => a.seq - b.seq);
  return { pending, forwarded, failed, settled: [...settled], closed, unreadable };
}

export const journalLine = (l: JournalLine) => `${JSON.stringify(JournalLine.parse(l))}\n`;
