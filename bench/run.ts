/** `npm run bench [-- NAME…]`: runs `*.bench.ts` modules, prints their figures and writes `.local/bench/NAME.json`. */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import type { Benchmark } from './bench.types.ts';

const root = new URL('..', import.meta.url).pathname;

function findBenchFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (d.name === 'node_modules' || d.name.startsWith('.')) return [];
    const path = join(dir, d.name);
    return d.isDirectory() ? findBenchFiles(path) : d.name.endsWith('.bench.ts') ? [path] : [];
  });
}

const files = ['functions', 'emulators', 'bench'].flatMap((d) => findBenchFiles(join(root, d)));
const all: Benchmark[] = [];
for (const file of files) all.push(((await import(file)) as { default: Benchmark }).default);

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.some((b) => b.name === w));
if (unknown.length > 0) {
  console.error(
    `unknown benchmark(s): ${unknown.join(', ')}; available: ${all.map((b) => b.name).join(', ')}`,
  );
  process.exit(2);
}
const selected = wanted.length > 0 ? all.filter((b) => wanted.includes(b.name)) : all;
const outDir = join(root, '.local/bench');
mkdirSync(outDir, { recursive: true });

for (const bench of selected) {
  console.log(`\n▶ ${bench.name}: ${bench.description}`);
  const figures = await bench.run();
  console.table(
    Object.fromEntries(
      Object.entries(figures).map(([k, f]) => [k, { value: Number(f.value.toFixed(2)), unit: f.unit }]),
    ),
  );
  const out = join(outDir, `${bench.name}.json`);
  const result = {
    name: bench.name,
    when: new Date().toISOString(),
    machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
    figures,
  };
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written ${relative(root, out)}`);
}
process.exit(0);
