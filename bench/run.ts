/** `npm run bench [-- NAME…] [--quick]`: runs `*.bench.ts` modules, prints their figures and writes `.local/bench/NAME.json`. */
import { stopAllChildren } from '../emulators/suite/child-process.ts';
import { type Suite, startSuite } from '../emulators/suite/suite.ts';
import type { BenchContext } from './bench.types.ts';
import { loadBenchmarks, runBenchmark } from './benchmarks.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const wanted = args.filter((a) => a !== '--quick');
const all = await loadBenchmarks();
const unknown = wanted.filter((w) => !all.some((b) => b.name === w));
if (unknown.length > 0) {
  console.error(
    `unknown benchmark(s): ${unknown.join(', ')}; available: ${all.map((b) => b.name).join(', ')}`,
  );
  process.exit(2);
}
const selected = wanted.length > 0 ? all.filter((b) => wanted.includes(b.name)) : all;

// One suite for the whole run, started by the first bench that needs it. The name `bench` turns the
// per-user rate limiter off; BENCH_PORT_OFFSET lets it run beside another suite on the same machine.
let started: Promise<Suite> | undefined;

const ctx: BenchContext = {
  quick,
  suite: () => {
    started ??= startSuite({
      name: 'bench',
      portOffset: Number(process.env.BENCH_PORT_OFFSET ?? 20_000),
      logLevel: process.env.BENCH_LOG_LEVEL ?? 'WARNING',
    }).then((s) => {
      Object.assign(process.env, s.env);
      return s;
    });
    return started;
  },
};
// Every child of the suite, even one still starting when a signal arrives.
const stop = async (code: number) => {
  await stopAllChildren();
  process.exit(code);
};
process.on('SIGINT', () => void stop(130));
process.on('SIGTERM', () => void stop(143));
try {
  for (const bench of selected) await runBenchmark(bench, ctx);
  await stop(0);
} catch (error) {
  console.error(error);
  await stop(1);
}
