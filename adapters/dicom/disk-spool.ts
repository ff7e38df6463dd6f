/**
 * The disk spool: every acknowledged instance is a file here until the platform has answered for it.
 *
 *   <dir>/uploads/<uploadId>/upload.json      who sent it (center, calling AE), written before any instance
 *   <dir>/uploads/<uploadId>/journal.ndjson   spooled / forwarded / failed / closed (spool-journal.ts)
 *   <dir>/uploads/<uploadId>/<seq>.dcm        the instance, a Part 10 file
 *   <dir>/failed.ndjson                       instances the platform refused, with the reason (no UIDs)
 *
 * Commit order (before the C-STORE success): file fsync → directory fsync → journal line fsync. Settle
 * order (after the platform answered): journal line fsync → file removed. `open()` replays every journal,
 * so a crash anywhere loses nothing that was acknowledged and keeps nothing that was not.
 */
import { EventEmitter } from 'node:events';
import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rm,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import type { AdapterLogger } from './adapter-logger.ts';
import { journalLine, replayJournal } from './spool-journal.ts';
import {
  fsyncDir,
  type Settlement,
  type SpoolEntry,
  seqFile,
  Upload,
  UploadMeta,
  type UploadSummary,
} from './spool-upload.ts';
import { SpoolWriter } from './spool-writer.ts';

export interface SpoolEvents {
  instance: [SpoolEntry];
  finalized: [UploadSummary];
}

export class DiskSpool extends EventEmitter<SpoolEvents> {
  private readonly uploads = new Map<string, Upload>();
  private used = 0;
  private reserved = 0;

  private constructor(
    readonly dir: string,
    readonly maxBytes: number,
    private readonly log: AdapterLogger,
  ) {
    super();
  }

  /** Opens the spool, recovering whatever an earlier process left: acknowledged instances become pending. */
  static async open(dir: string, maxBytes: number, log: AdapterLogger): Promise<DiskSpool> {
    const spool = new DiskSpool(dir, maxBytes, log);
    await mkdir(join(dir, 'uploads'), { recursive: true });
    for (const id of await readdir(join(dir, 'uploads'))) await spool.recover(id);
    return spool;
  }

  private async recover(id: string): Promise<void> {
    const dir = join(this.dir, 'uploads', id);
    const meta = UploadMeta.safeParse(
      await readFile(join(dir, 'upload.json'), 'utf8').then(
        (t) => JSON.parse(t) as unknown,
        () => undefined,
      ),
    );
    if (!meta.success) {
      // No upload.json: nothing of it was ever acknowledged.
      await rm(dir, { recursive: true, force: true });
      return;
    }
    const replay = replayJournal(await readFile(join(dir, 'journal.ndjson'), 'utf8').catch(() => ''));
    const u = new Upload(meta.data, dir, true);
    u.closed = true;
    u.forwarded = replay.forwarded;
    u.failed = replay.failed.length;
    for (const f of replay.failed) u.reasons[f.reason] = (u.reasons[f.reason] ?? 0) + 1;
    const keep = new Set(replay.pending.map((p) => seqFile(p.seq)));
    for (const name of await readdir(dir))
      if (name.endsWith('.dcm') && !keep.has(name)) await unlink(join(dir, name)); // settled or unacknowledged
    const lost: number[] = [];
    for (const p of replay.pending) {
      const path = join(dir, seqFile(p.seq));
      const size = await stat(path).then(
        (s) => s.size,
        () => -1,
      );
      if (size !== p.bytes) {
        lost.push(p.seq);
        continue;
      }
      u.pending.set(p.seq, { ...p, uploadId: u.meta.uploadId, path, spooledAt: Date.now() });
      this.used += p.bytes;
    }
    u.stored = replay.pending.length + replay.forwarded + replay.failed.length;
    u.journal = await open(join(dir, 'journal.ndjson'), 'a');
    this.uploads.set(id, u);
    if (!replay.closed) await this.append(u, [journalLine({ op: 'closed', at: new Date().toISOString() })]);
    if (lost.length > 0) {
      this.log.error('spooled instances missing on disk after restart', { uploadId: id, lost: lost.length });
      await this.settle(
        id,
        lost.map((seq) => ({ seq, result: 'failed', reason: 'lost-on-disk' })),
      );
    }
    this.log.info('spool upload recovered', {
      uploadId: id,
      pending: u.pending.size,
      forwarded: u.forwarded,
      failed: u.failed,
      tornLines: replay.unreadable,
    });
    await this.finalizeIfDone(u);
  }

  get usedBytes() {
    return this.used;
  }
  get reservedBytes() {
    return this.reserved;
  }
  get files() {
    let n = 0;
    for (const u of this.uploads.values()) n += u.pending.size;
    return n;
  }

  /** Whether nothing more fits (a C-STORE arriving now would be refused). */
  get full() {
    return this.used + this.reserved >= this.maxBytes;
  }

  private readonly reservation = {
    reserve: (bytes: number) => {
      if (this.used + this.reserved + bytes > this.maxBytes) return false;
      this.reserved += bytes;
      return true;
    },
    release: (bytes: number) => {
      this.reserved -= bytes;
    },
  };

  /** Registers an association's upload (its folder is made when its first instance arrives). */
  openUpload(meta: UploadMeta): void {
    if (this.uploads.has(meta.uploadId)) throw new Error('upload id already in the spool');
    this.uploads.set(meta.uploadId, new Upload(meta, join(this.dir, 'uploads', meta.uploadId)));
  }

  private upload(uploadId: string): Upload {
    const u = this.uploads.get(uploadId);
    if (!u) throw new Error('unknown upload');
    return u;
  }

  private ensureFolder(u: Upload): Promise<void> {
    u.created ??= (async () => {
      await mkdir(u.dir, { recursive: true });
      await writeFile(join(u.dir, 'upload.json'), JSON.stringify(u.meta));
      const meta = await open(join(u.dir, 'upload.json'), 'r+');
      await meta.sync();
      await meta.close();
      u.journal = await open(join(u.dir, 'journal.ndjson'), 'a');
      await fsyncDir(u.dir);
      await fsyncDir(join(this.dir, 'uploads'));
    })();
    return u.created;
  }

  /** Starts receiving one instance: the returned writer streams it to its spool file (its folder made first). */
  beginInstance(
    uploadId: string,
    header: Buffer,
    opts: { maxInstanceBytes: number; flow?: { pause(): void; resume(): void } },
  ): { seq: number; writer: SpoolWriter } {
    const u = this.upload(uploadId);
    const seq = u.nextSeq++;
    const writer = new SpoolWriter({
      path: join(u.dir, seqFile(seq)),
      header,
      reservation: this.reservation,
      maxInstanceBytes: opts.maxInstanceBytes,
      before: this.ensureFolder(u),
      ...(opts.flow ? { flow: opts.flow } : {}),
    });
    return { seq, writer };
  }

  private append(u: Upload, lines: string[]): Promise<void> {
    const run = u.chain.then(async () => {
      const j = u.journal as FileHandle;
      await j.write(lines.join(''));
      await j.datasync();
    });
    u.chain = run.catch(() => undefined);
    return run;
  }

  /** Makes a fully written instance durable and pending; after this resolves it may be acknowledged. */
  async commit(
    uploadId: string,
    seq: number,
    written: { path: string; bytes: number; reserved: number },
    ids: { sopClassUid: string; sopInstanceUid: string },
  ): Promise<SpoolEntry> {
    const u = this.upload(uploadId);
    try {
      await fsyncDir(u.dir);
      await this.append(u, [journalLine({ op: 'spooled', seq, bytes: written.bytes, ...ids })]);
    } catch (e) {
      this.reserved -= written.reserved;
      await unlink(written.path).catch(() => undefined);
      throw e;
    }
    this.reserved -= written.reserved;
    this.used += written.bytes;
    const entry: SpoolEntry = {
      seq,
      bytes: written.bytes,
      ...ids,
      uploadId,
      path: written.path,
      spooledAt: Date.now(),
    };
    u.pending.set(seq, entry);
    u.stored++;
    u.lastArrival = Date.now();
    this.emit('instance', entry);
    return entry;
  }

  /** Drops a written instance that was refused (never acknowledged). */
  async discard(written: { path: string; reserved: number }): Promise<void> {
    this.reserved -= written.reserved;
    await unlink(written.path).catch(() => undefined);
  }

  /** The association ended: once its pending instances are settled, the upload is finalized. */
  async closeUpload(uploadId: string): Promise<void> {
    const u = this.uploads.get(uploadId);
    if (!u || u.closed) return;
    u.closed = true;
    if (u.created) {
      await u.created;
      await this.append(u, [journalLine({ op: 'closed', at: new Date().toISOString() })]);
    }
    await this.finalizeIfDone(u);
  }

  /** Uploads with instances waiting for the forwarder, oldest first. */
  waiting(): { uploadId: string; closed: boolean; lastArrival: number; entries: SpoolEntry[] }[] {
    return [...this.uploads.values()]
      .filter((u) => u.pending.size > u.inFlight.size)
      .map((u) => ({
        uploadId: u.meta.uploadId,
        closed: u.closed,
        lastArrival: u.lastArrival,
        entries: [...u.pending.values()].filter((e) => !u.inFlight.has(e.seq)).sort((a, b) => a.seq - b.seq),
      }));
  }

  meta(uploadId: string): UploadMeta {
    return this.upload(uploadId).meta;
  }

  claim(uploadId: string, seqs: readonly number[]): void {
    const u = this.upload(uploadId);
    for (const s of seqs) u.inFlight.add(s);
  }

  release(uploadId: string, seqs: readonly number[]): void {
    const u = this.upload(uploadId);
    for (const s of seqs) u.inFlight.delete(s);
  }

  /** Records the platform's answers (journal first), then removes the settled files. */
  async settle(uploadId: string, settlements: readonly Settlement[]): Promise<void> {
    const u = this.upload(uploadId);
    if (settlements.length === 0) return;
    await this.append(
      u,
      settlements.map((s) =>
        s.result === 'forwarded'
          ? journalLine({
              op: 'forwarded',
              seq: s.seq,
              via: s.via,
              ...(s.platformUploadId ? { platformUploadId: s.platformUploadId } : {}),
            })
          : journalLine({ op: 'failed', seq: s.seq, reason: s.reason }),
      ),
    );
    const failures: string[] = [];
    for (const s of settlements) {
      const entry = u.pending.get(s.seq);
      u.inFlight.delete(s.seq);
      if (s.result === 'forwarded') {
        u.forwarded++;
        if (s.platformUploadId) u.platformUploadIds.add(s.platformUploadId);
      } else {
        u.failed++;
        u.reasons[s.reason] = (u.reasons[s.reason] ?? 0) + 1;
        failures.push(
          JSON.stringify({
            at: new Date().toISOString(),
            uploadId,
            seq: s.seq,
            reason: s.reason,
            sopClassUid: entry?.sopClassUid,
          }),
        );
      }
      if (entry) {
        u.pending.delete(s.seq);
        this.used -= entry.bytes;
        await unlink(entry.path).catch(() => undefined);
      }
    }
    if (failures.length > 0)
      await writeFile(join(this.dir, 'failed.ndjson'), `${failures.join('\n')}\n`, { flag: 'a' });
    await this.finalizeIfDone(u);
  }

  private async finalizeIfDone(u: Upload): Promise<void> {
    if (!u.closed || u.pending.size > 0 || !this.uploads.has(u.meta.uploadId)) return;
    this.uploads.delete(u.meta.uploadId);
    await u.chain;
    await u.journal?.close().catch(() => undefined);
    await rm(u.dir, { recursive: true, force: true });
    this.emit('finalized', {
      meta: u.meta,
      stored: u.stored,
      forwarded: u.forwarded,
      failed: u.failed,
      reasons: { ...u.reasons },
      platformUploadIds: [...u.platformUploadIds],
      recovered: u.recovered,
    });
  }

  /** Closes every journal (the files stay: the next start recovers them). */
  async close(): Promise<void> {
    for (const u of this.uploads.values()) {
      await u.chain;
      await u.journal?.close().catch(() => undefined);
      u.journal = undefined;
    }
  }
}
