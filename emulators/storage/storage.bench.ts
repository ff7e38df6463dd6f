// Benchmark: 200 MB through the official client against the stand-in running as a child process.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Storage } from '@google-cloud/storage';
import { type Benchmark, type Figures, sized } from '../../bench/bench.types.ts';

const SIZE_MB = 200;
const MB = 1024 * 1024;

async function writeTempFile(path: string, sizeMB: number): Promise<void> {
  const out = createWriteStream(path);
  const block = randomBytes(MB);
  for (let i = 0; i < sizeMB; i++) {
    block[0] = i; // vary each MiB a little so nothing can dedupe it
    if (!out.write(Buffer.from(block))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const main = fileURLToPath(new URL('./main.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', main, '--port', '0', '--data-dir', dataDir, '--project', 'bench'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`storage emulator exited early (${code})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
  });
}

/** Peak resident set of a process so far (kB → MB), from /proc. */
function peakRssMB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

const bench: Benchmark = {
  name: 'storage',
  description: `Uploads (resumable bucket.upload) then downloads a ${SIZE_MB} MB object through @google-cloud/storage against the stand-in started via main.ts; peak RSS is the stand-in's VmHWM after the upload.`,
  async run(ctx): Promise<Figures> {
    const sizeMB = sized(ctx, SIZE_MB, 4);
    const suiteStorage = process.env.STORAGE_EMULATOR_HOST;
    const work = mkdtempSync(join(tmpdir(), 'storage-bench-'));
    const source = join(work, 'source.bin');
    const target = join(work, 'download.bin');
    const dataDir = join(work, 'data');
    let child: ChildProcess | undefined;
    try {
      await writeTempFile(source, sizeMB);
      const started = await startChild(dataDir);
      child = started.child;
      // The client's resumable uploads follow STORAGE_EMULATOR_HOST over apiEndpoint: point both here.
      process.env.STORAGE_EMULATOR_HOST = started.url;
      const storage = new Storage({ apiEndpoint: started.url, projectId: 'bench' });
      const [bucket] = await storage.createBucket('bench');
      const t0 = performance.now();
      await bucket.upload(source, { destination: 'big.bin', resumable: true });
      const uploadSec = (performance.now() - t0) / 1000;
      const peak = peakRssMB(child.pid as number);
      const t1 = performance.now();
      await bucket.file('big.bin').download({ destination: target });
      const downloadSec = (performance.now() - t1) / 1000;
      if (statSync(target).size !== sizeMB * MB) throw new Error('downloaded size differs');
      return {
        uploadMBps: { value: Number((sizeMB / uploadSec).toFixed(1)), unit: 'MB/s' },
        downloadMBps: { value: Number((sizeMB / downloadSec).toFixed(1)), unit: 'MB/s' },
        peakRssMB: { value: Number(peak.toFixed(1)), unit: 'MB' },
      };
    } finally {
      if (suiteStorage === undefined) delete process.env.STORAGE_EMULATOR_HOST;
      else process.env.STORAGE_EMULATOR_HOST = suiteStorage;
      if (child && child.exitCode === null) {
        const exited = new Promise((r) => child?.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(work, { recursive: true, force: true });
    }
  },
};

export default bench;
