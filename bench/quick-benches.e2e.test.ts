/**
 * Every benchmark the README names still runs: each one's quick variant against the test suite. Figures are
 * not compared with targets here (quick sizes measure little); a bench that crashes or yields no number fails.
 */
import { describe, expect, it } from 'vitest';
import { suite } from '../emulators/test/suite.ts';
import type { BenchContext } from './bench.types.ts';
import { loadBenchmarks, runBenchmark } from './benchmarks.ts';

const README_BENCHES = [
  'anonymize',
  'centers',
  'dicom-adapter',
  'dicomweb',
  'kms',
  'notifications',
  'pixel-clean',
  'saga',
  'storage',
  'tokens',
  'upload-big',
  'upload-e2e',
];
const benches = await loadBenchmarks();
const ctx: BenchContext = {
  quick: true,
  suite: async () => suite(),
};

describe('benchmarks (quick variants)', () => {
  it('the README lists exactly the benchmarks there are', () => {
    expect(benches.map((b) => b.name)).toEqual(README_BENCHES);
  });

  it.each(README_BENCHES)(
    '%s runs to completion and yields finite figures',
    async (name) => {
      const bench = benches.find((b) => b.name === name);
      if (!bench) throw new Error(`no bench named ${name}`);
      const figures = await runBenchmark(bench, ctx);
      const values = Object.entries(figures);
      expect(values.length).toBeGreaterThan(0);
      for (const [figure, { value }] of values)
        expect([figure, Number.isFinite(value)]).toEqual([figure, true]);
    },
    300_000,
  );
});
