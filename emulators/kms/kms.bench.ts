/** Benchmark: Encrypt and MacSign throughput/latency through the official client against the stand-in process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { KeyManagementServiceClient } from '@google-cloud/kms';
import { type Benchmark, type Figures, sized } from '../../bench/bench.types.ts';
import { createKmsClient } from '../../functions/platform/kms-client.ts';

const CALLS = 2000;
const IN_FLIGHT = 32;
// JIT warm-up on both sides of the wire dominates the first ~1,000 calls; measure the steady state.
const WARM_UP = 1000;
const ROOT = join(import.meta.dirname, '..', '..');

/** Starts main.ts as its own process (as the launcher does) and resolves its address from the ready line. */
async function startChild(dataDir: string): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'main.ts'), '--port', '0', '--data-dir', dataDir],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const ready = new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const m = /^kms emulator listening on (\S+)$/.exec(line);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`kms emulator exited early (code ${code})`)));
  });
  return { child, address: await ready };
}

/** Runs `total` calls with `inFlight` concurrent callers; returns wall time and per-call latencies (ms). */
async function drive(total: number, inFlight: number, call: () => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      next++;
      const t0 = performance.now();
      await call();
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { seconds: (performance.now() - started) / 1000, latencies };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function measure(
  prefix: string,
  call: () => Promise<unknown>,
  size = { calls: CALLS, warmUp: WARM_UP },
): Promise<Figures> {
  await drive(size.warmUp, IN_FLIGHT, call);
  const { seconds, latencies } = await drive(size.calls, IN_FLIGHT, call);
  const sorted = latencies.sort((a, b) => a - b);
  const round = (n: number, digits: number) => Number(n.toFixed(digits));
  return {
    [`${prefix}PerSecond`]: { value: round(size.calls / seconds, 0), unit: 'calls/s' },
    [`${prefix}P50Ms`]: { value: round(percentile(sorted, 50), 2), unit: 'ms' },
    [`${prefix}P99Ms`]: { value: round(percentile(sorted, 99), 2), unit: 'ms' },
  };
}

async function setUpKeys(client: KeyManagementServiceClient): Promise<{ aes: string; mac: string }> {
  const [ring] = await client.createKeyRing({
    parent: 'projects/bench/locations/global',
    keyRingId: 'bench',
  });
  const parent = ring.name as string;
  const [aes] = await client.createCryptoKey({
    parent,
    cryptoKeyId: 'dek-wrapper',
    cryptoKey: { purpose: 'ENCRYPT_DECRYPT', versionTemplate: { protectionLevel: 'HSM' } },
  });
  const [mac] = await client.createCryptoKey({
    parent,
    cryptoKeyId: 'pseudonyms',
    cryptoKey: { purpose: 'MAC', versionTemplate: { algorithm: 'HMAC_SHA256', protectionLevel: 'HSM' } },
  });
  return { aes: aes.name as string, mac: `${mac.name}/cryptoKeyVersions/1` };
}

const benchmark: Benchmark = {
  name: 'kms',
  description: `KMS stand-in as a child process, official client: ${CALLS} Encrypt (32-byte DEK + AAD) and ${CALLS} MacSign (64 B) calls, ${IN_FLIGHT} in flight, after ${WARM_UP} warm-up calls each.`,
  async run(ctx) {
    const size = { calls: sized(ctx, CALLS, 50), warmUp: sized(ctx, WARM_UP, 10) };
    const dataDir = mkdtempSync(join(tmpdir(), 'kms-bench-'));
    const { child, address } = await startChild(dataDir);
    const client = createKmsClient({ KMS_EMULATOR_HOST: address });
    try {
      const keys = await setUpKeys(client);
      const dek = Buffer.alloc(32, 7);
      const aad = Buffer.from('study/1.2.840.113619');
      const data = Buffer.alloc(64, 1);
      return {
        ...(await measure(
          'encrypt',
          () => client.encrypt({ name: keys.aes, plaintext: dek, additionalAuthenticatedData: aad }),
          size,
        )),
        ...(await measure('macSign', () => client.macSign({ name: keys.mac, data }), size)),
      };
    } finally {
      await client.close();
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

export default benchmark;
