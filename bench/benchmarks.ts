/** Finds the `*.bench.ts` modules and runs them, writing each one's figures to `.local/bench/`. */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import type { BenchContext, Benchmark, Figures } from './bench.types.ts';

const root = new URL('..', import.meta.url).pathname;

function findBenchFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (d.name === 'node_modules' || d.name.startsWith('.')) return [];
    const path = join(dir, d.name);
    return d.isDirectory() ? findBenchFiles(path) : d.name.endsWith('.bench.ts') ? [path] : [];
  });
}

/** Every benchmark of the repository, by name. */
export async function loadBenchmarks(): Promise<Benchmark[]> {
  const files = ['functions', 'emulators', 'bench', 'adapters'].flatMap((d) => findBenchFiles(join(root, d)));
  const all: Benchmark[] = [];
  for (const file of files) all.push(((await import(file)) as { default: Benchmark }).default);
  return all.sort((a, b) => a.name.localeCompare(b.name));
}

/** Runs one bench, prints its figures and writes `.local/bench/NAME.json` (`NAME.quick.json` when quick). */
export async function runBenchmark(bench: Benchmark, ctx: BenchContext): Promise<Figures> {
  console.log(`\n▶ ${bench.name}${ctx.quick ? ' (quick)' : ''}: ${bench.description}`);
  const figures = await bench.run(ctx);
  console.table(
    Object.fromEntries(
      Object.entries(figures).map(([k, f]) => [k, { value: Number(f.value.toFixed(2)), unit: f.unit }]),
    ),
  );
  const outDir = join(root, '.local/bench');
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `${bench.name}${ctx.quick ? '.quick' : ''}.json`);
  const result = {
    name: bench.name,
    quick: ctx.quick,
    when: new Date().toISOString(),
    machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
    figures,
  };
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written ${relative(root, out)}`);
  return figures;
}
