import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdapterLogger } from './adapter-logger.ts';
import { DiskSpool } from './disk-spool.ts';
import type { UploadSummary } from './spool-upload.ts';

const quiet = createAdapterLogger({ level: 'ERROR', sink: () => undefined });
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'spool-test-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const meta = () => ({
  uploadId: randomUUID(),
  centerCode: 'HSJ',
  callingAeTitle: 'CT1',
  openedAt: new Date().toISOString(),
});
const ids = (n: number) => ({ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: `1.2.3.${n}` });

/** Receives one instance of `bytes` data bytes (after a 4-byte header) through the spool writer. */
async function receive(spool: DiskSpool, uploadId: string, bytes: number, maxInstanceBytes = 1 << 30) {
  const { seq, writer } = spool.beginInstance(uploadId, Buffer.from('HEAD'), { maxInstanceBytes });
  for (let left = bytes; left > 0; left -= 1000) writer.write(Buffer.alloc(Math.min(1000, left), 7));
  writer.end();
  return { seq, writer, out: await writer.outcome() };
}

describe('DiskSpool', () => {
  it('commits, settles and finalizes an upload, removing its folder', async () => {
    const dir = tmp();
    const spool = await DiskSpool.open(dir, 1 << 20, quiet);
    const m = meta();
    spool.openUpload(m);
    const { seq, writer, out } = await receive(spool, m.uploadId, 5000);
    expect(out).toMatchObject({ outcome: 'written', bytes: 5004 });
    if (out.outcome !== 'written') throw new Error('not written');
    await spool.commit(
      m.uploadId,
      seq,
      { path: out.path, bytes: out.bytes, reserved: writer.reservedBytes },
      ids(1),
    );
    expect(readFileSync(out.path).subarray(0, 4).toString()).toBe('HEAD');
    expect({ files: spool.files, used: spool.usedBytes, reserved: spool.reservedBytes }).toEqual({
      files: 1,
      used: 5004,
      reserved: 0,
    });
    const finalized = new Promise<UploadSummary>((r) => spool.once('finalized', r));
    await spool.closeUpload(m.uploadId);
    expect(spool.waiting()[0]?.entries.map((e) => e.seq)).toEqual([seq]);
    await spool.settle(m.uploadId, [{ seq, result: 'forwarded', via: 'stow-rs', platformUploadId: 'p1' }]);
    expect(await finalized).toMatchObject({ stored: 1, forwarded: 1, failed: 0, platformUploadIds: ['p1'] });
    expect(existsSync(join(dir, 'uploads', m.uploadId))).toBe(false);
    expect(spool.usedBytes).toBe(0);
  });

  it('after a crash keeps what was committed and drops what was not acknowledged', async () => {
    const dir = tmp();
    const first = await DiskSpool.open(dir, 1 << 20, quiet);
    const m = meta();
    first.openUpload(m);
    for (const n of [1, 2, 3]) {
      const { seq, writer, out } = await receive(first, m.uploadId, 100 * n);
      if (out.outcome !== 'written') throw new Error('not written');
      if (n !== 3)
        await first.commit(
          m.uploadId,
          seq,
          { path: out.path, bytes: out.bytes, reserved: writer.reservedBytes },
          ids(n),
        );
    }
    await first.settle(m.uploadId, [{ seq: 1, result: 'failed', reason: 'stow-c000' }]);
    // A torn journal line, as a kill -9 in the middle of an append leaves it.
    writeFileSync(join(dir, 'uploads', m.uploadId, 'journal.ndjson'), '{"op":"forw', { flag: 'a' });
    // No close(): the process "died". A new one opens the same folder.
    const second = await DiskSpool.open(dir, 1 << 20, quiet);
    const waiting = second.waiting();
    expect(waiting).toHaveLength(1);
    expect(waiting[0]?.closed).toBe(true);
    expect(waiting[0]?.entries.map((e) => e.seq)).toEqual([2]);
    expect(readdirSync(join(dir, 'uploads', m.uploadId)).filter((f) => f.endsWith('.dcm'))).toEqual([
      '000002.dcm',
    ]);
    expect(second.usedBytes).toBe(204);
    expect(readFileSync(join(dir, 'failed.ndjson'), 'utf8')).toContain('"reason":"stow-c000"');
    expect(readFileSync(join(dir, 'failed.ndjson'), 'utf8')).not.toContain('1.2.3.1');
  });

  it('refuses what would go over the byte cap or the instance limit, and gives the reservation back', async () => {
    const spool = await DiskSpool.open(tmp(), 10_000, quiet);
    const m = meta();
    spool.openUpload(m);
    const big = await receive(spool, m.uploadId, 20_000);
    expect(big.out.outcome).toBe('spool-full');
    const over = await receive(spool, m.uploadId, 3000, 2000);
    expect(over.out.outcome).toBe('too-large');
    expect(spool.reservedBytes).toBe(0);
    const fits = await receive(spool, m.uploadId, 3000);
    expect(fits.out.outcome).toBe('written');
    expect(
      readdirSync(join(spool.dir, 'uploads', m.uploadId)).filter((f) => f.endsWith('.dcm')),
    ).toHaveLength(1);
  });

  it('pauses the sender while the disk is behind and resumes it', async () => {
    const spool = await DiskSpool.open(tmp(), 1 << 30, quiet);
    const m = meta();
    spool.openUpload(m);
    const flow = {
      paused: 0,
      resumed: 0,
      pause() {
        this.paused++;
      },
      resume() {
        this.resumed++;
      },
    };
    const { writer } = spool.beginInstance(m.uploadId, Buffer.alloc(0), { maxInstanceBytes: 1 << 30, flow });
    for (let i = 0; i < 64; i++) writer.write(Buffer.alloc(256 * 1024));
    writer.end();
    await writer.outcome();
    expect(flow.paused).toBeGreaterThan(0);
    expect(flow.resumed).toBe(flow.paused);
  });
});
