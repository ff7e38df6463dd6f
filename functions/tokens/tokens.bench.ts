/**
 * tokens: pseudonyms/s on one core and on every core (worker pool), KMS calls for 1M tokens through the
 * library, and POST /tokens:tokenize latency with 10,000 items through a local suite of its own.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import type { BenchContext, Benchmark, BenchSuite, Figures } from '../../bench/bench.types.ts';
import { percentile } from '../../bench/stats.ts';
import { tokenFor } from '../../emulators/auth/users.ts';
import { fieldKeyFrom, keyringFromSeed } from './domain/keyring.ts';
import { pseudonymizeLines } from './domain/pseudonym-lines.ts';
import { activeKeyring, clearKeyringCache, kmsCallCount, tokenize } from './lib/index.ts';
import { createPseudonymPool } from './lib/pseudonym-pool.ts';

const MILLION = 1_000_000;
const BATCH = 10_000;
const HTTP_ROUNDS = 20;

/** How many tokens and HTTP rounds: the full run, or `--quick` (two batches, one round, one warm-up). */
const sizes = (ctx: BenchContext) =>
  ctx.quick
    ? { tokens: 2 * BATCH, rounds: 1, warmUps: 1 }
    : { tokens: MILLION, rounds: HTTP_ROUNDS, warmUps: 2 };
type Sizes = ReturnType<typeof sizes>;

const mrns = (n: number, salt = '') =>
  Array.from({ length: n }, (_, i) => `MRN-${salt}${i.toString().padStart(8, '0')}`);

interface Rate {
  /** Tokens per second of wall-clock time. */
  wall: number;
  /** Tokens per second of CPU time summed over every thread of the process: what the code costs, whatever the load. */
  cpu: number;
}

/** Best of three passes: the machine is shared, and the best pass is the one least disturbed by others. */
async function best(tokens: number, pass: () => Promise<unknown> | unknown): Promise<Rate> {
  let top: Rate = { wall: 0, cpu: 0 };
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await pass();
    const c = process.cpuUsage(c0);
    const wall = tokens / ((performance.now() - t0) / 1000);
    if (wall > top.wall) top = { wall, cpu: tokens / ((c.user + c.system) / 1e6) };
  }
  return top;
}

async function cpuFigures(size: Sizes): Promise<Figures> {
  const ring = keyringFromSeed(randomBytes(32), 1);
  const values = mrns(size.tokens);
  let sink = 0;
  const oneCore = await best(values.length, () => {
    for (let i = 0; i < values.length; i++)
      sink += ring.pseudonym('patient_id', values[i] as string, 'center-a').length;
  });
  if (sink === 0) throw new Error('unreachable');
  // The bulk input as it arrives from a file: newline-separated bytes.
  const lines = Buffer.from(`${values.join('\n')}\n`);
  const fk = fieldKeyFrom(ring.subkey('pseudonym:patient_id'), 'patient_id', ring.version);
  const oneCoreLines = await best(values.length, () => pseudonymizeLines(fk, lines, 'center-a'));
  const pool = createPseudonymPool();
  try {
    await pool.pseudonymizeLines(ring, 'patient_id', lines.subarray(0, 500_000), 'center-a'); // warm the workers
    let mismatches = 0;
    const allCores = await best(values.length, async () => {
      const out = await pool.pseudonymizeLines(ring, 'patient_id', lines, 'center-a');
      const tokens = out.toString('latin1').split('\n', 200_000);
      for (const i of [0, Math.min(123_457, values.length - 1)])
        if (tokens[i] !== ring.pseudonym('patient_id', values[i] as string, 'center-a')) mismatches++;
    });
    const stringApi = await best(values.length, () =>
      pool.pseudonymize(ring, 'patient_id', values, 'center-a'),
    );
    return {
      tokens_per_s_1core: { value: oneCore.wall, unit: 'tokens/s' },
      tokens_per_s_1core_bulk: { value: oneCoreLines.wall, unit: 'tokens/s' },
      tokens_per_s: { value: allCores.wall, unit: 'tokens/s' },
      tokens_per_s_string_api: { value: stringApi.wall, unit: 'tokens/s' },
      // Per CPU-second of the process (all threads): the cost of the code itself, independent of how much
      // of the machine other processes take. On N idle cores the pool can reach about N times its figure.
      tokens_per_cpu_s_1core: { value: oneCore.cpu, unit: 'tokens/cpu-s' },
      tokens_per_cpu_s_1core_bulk: { value: oneCoreLines.cpu, unit: 'tokens/cpu-s' },
      tokens_per_cpu_s_pool: { value: allCores.cpu, unit: 'tokens/cpu-s' },
      workers: { value: pool.size, unit: 'threads' },
      cores: { value: availableParallelism(), unit: 'cores' },
      load_average_1min: { value: loadavg()[0] as number, unit: 'runnable' },
      pool_mismatches: { value: mismatches, unit: 'tokens' },
    };
  } finally {
    await pool.close();
  }
}

async function suiteFigures(suite: BenchSuite, size: Sizes): Promise<Figures> {
  const admin = await tokenFor(suite.projectId, suite.env.FIREBASE_AUTH_EMULATOR_HOST as string, {
    email: 'bench-admin@saludtech.example',
    roles: ['admin'],
  });
  await activeKeyring(); // bootstraps the seed and the KMS key ring (not part of the count below)
  clearKeyringCache();
  const before = kmsCallCount();
  const values = mrns(size.tokens);
  for (let i = 0; i < values.length; i += BATCH)
    await tokenize(
      values.slice(i, i + BATCH).map((value) => ({ field: 'patient_id', value, issuer: 'center-a' })),
    );
  const kmsCalls = kmsCallCount() - before;

  const post = async (items: unknown[]) => {
    const t0 = performance.now();
    const res = await fetch(`${suite.apiUrl}/tokens:tokenize`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ items }),
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`tokenize answered ${res.status}`);
    return performance.now() - t0;
  };
  const pseudonyms: number[] = [];
  const mixed: number[] = [];
  for (let r = -size.warmUps; r < size.rounds; r++) {
    const ids = mrns(BATCH, `r${r}-`);
    const p = await post(ids.map((value) => ({ field: 'patient_id', value, issuer: 'center-a' })));
    // 10% reversible (new e-mails each round, so every round writes 1,000 vault entries).
    const m = await post(
      ids.map((value, i) =>
        i % 10 === 0
          ? { field: 'email', value: `${value}@bench.example` }
          : { field: 'patient_id', value, issuer: 'center-a' },
      ),
    );
    if (r < 0) continue; // warm-up rounds
    pseudonyms.push(p);
    mixed.push(m);
  }
  return {
    // KMS calls do not grow with the count (one per seed version per cache TTL): not scaled.
    [size.tokens === MILLION ? 'kms_calls_per_1M_tokens' : `kms_calls_per_${size.tokens}_tokens`]: {
      value: kmsCalls,
      unit: 'calls',
    },
    tokenize_10k_p50: { value: percentile(pseudonyms, 50), unit: 'ms' },
    tokenize_10k_p99: { value: percentile(pseudonyms, 99), unit: 'ms' },
    tokenize_10k_mixed_p50: { value: percentile(mixed, 50), unit: 'ms' },
    tokenize_10k_mixed_p99: { value: percentile(mixed, 99), unit: 'ms' },
  };
}

const bench: Benchmark = {
  name: 'tokens',
  description: `pseudonyms/s over 1M MRNs (1 core: per-value API and bulk bytes; all cores: worker pool over bulk bytes and over a string array; best of 3), KMS calls for 1M tokens via the library, POST /tokens:tokenize with ${BATCH} items (all pseudonyms; 10% reversible) × ${HTTP_ROUNDS}`,
  async run(ctx) {
    const size = sizes(ctx);
    return { ...(await cpuFigures(size)), ...(await suiteFigures(await ctx.suite(), size)) };
  },
};
export default bench;
