/**
 * One upload in the disk spool: what the spool records of it (its meta, its entries, how they settled) and
 * its state while the process runs; the spool's file names and the directory fsync its commit order needs.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { z } from 'zod';
import type { SpooledInstance } from './spool-journal.ts';

export const UploadMeta = z.object({
  uploadId: z.uuid(),
  centerCode: z.string(),
  callingAeTitle: z.string(),
  openedAt: z.string(),
});
export type UploadMeta = z.infer<typeof UploadMeta>;

export interface SpoolEntry extends SpooledInstance {
  uploadId: string;
  path: string;
  /** When it was committed (ms since epoch; recovery time for recovered entries). */
  spooledAt: number;
}

export type Settlement =
  | { seq: number; result: 'forwarded'; via: 'stow-rs' | 'resumable-upload'; platformUploadId?: string }
  | { seq: number; result: 'failed'; reason: string };

export interface UploadSummary {
  meta: UploadMeta;
  stored: number;
  forwarded: number;
  failed: number;
  /** Failure reasons and their counts. */
  reasons: Record<string, number>;
  platformUploadIds: string[];
  recovered: boolean;
}

/** An upload's state in this process (rebuilt from its journal on recovery). */
export class Upload {
  readonly pending = new Map<number, SpoolEntry>();
  readonly inFlight = new Set<number>();
  nextSeq = 1;
  closed = false;
  lastArrival = 0;
  stored = 0;
  forwarded = 0;
  failed = 0;
  readonly reasons: Record<string, number> = {};
  readonly platformUploadIds = new Set<string>();
  created: Promise<void> | undefined;
  journal: FileHandle | undefined;
  /** Serializes journal appends and settlements of this upload. */
  chain: Promise<unknown> = Promise.resolve();
  constructor(
    readonly meta: UploadMeta,
    readonly dir: string,
    readonly recovered = false,
  ) {}
}

export const seqFile = (seq: number) => `${String(seq).padStart(6, '0')}.dcm`;

export async function fsyncDir(dir: string) {
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}
