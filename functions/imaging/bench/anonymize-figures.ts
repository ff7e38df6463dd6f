/** Figures of the anonymize benchmark: per-run throughput, peak RSS and CPU, same-run ratios and targets. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { work } from './anonymize-dirs.ts';
import type { Run } from './timed-run.ts';

/** Files/s, peak RSS and CPU seconds of one small-corpus run. */
export const smallRunFigures = (name: string, run: Run, files: number) => ({
  [`small.${name}.filesPerSec`]: { value: files / run.seconds, unit: 'files/s' },
  [`small.${name}.peakRss`]: { value: run.rssMiB, unit: 'MiB' },
  [`small.${name}.cpuSeconds`]: { value: run.cpuSeconds, unit: 's' },
});

/** MB/s, peak RSS and CPU seconds of one big-file run. */
export const bigRunFigures = (name: string, run: Run, bigBytes: number) => ({
  [`big.${name}.MBps`]: { value: bigBytes / 1e6 / run.seconds, unit: 'MB/s' },
  [`big.${name}.peakRss`]: { value: run.rssMiB, unit: 'MiB' },
  [`big.${name}.cpuSeconds`]: { value: run.cpuSeconds, unit: 's' },
});

/** Peak RSS and MB/s of our CLI on the ≈ 1 GB file. */
export const gibFigures = (oursGib: Run, gibBytes: number) => ({
  'gib.ours.peakRss': { value: oursGib.rssMiB, unit: 'MiB' },
  'gib.ours.MBps': { value: gibBytes / 1e6 / oursGib.seconds, unit: 'MB/s' },
});

export interface RatioRuns {
  oursSmall: Run;
  gdcmBasicSmall: Run;
  cpSmall: Run;
  oursBig: Run;
  gdcmBasicBig: Run;
  cpBig: Run;
  oursGib: Run;
}

/** Ratios between runs of this benchmark (the only meaningful comparisons), the load average and the RSS target. */
export function ratioFigures(runs: RatioRuns) {
  const { oursSmall, gdcmBasicSmall, cpSmall, oursBig, gdcmBasicBig, cpBig, oursGib } = runs;
  return {
    'ratio.small.oursVsGdcmanonBasic': {
      value: gdcmBasicSmall.seconds / oursSmall.seconds,
      unit: '× (target ≥ 3)',
    },
    'ratio.small.cpu.oursVsGdcmanonBasic': {
      value: gdcmBasicSmall.cpuSeconds / oursSmall.cpuSeconds,
      unit: '× (CPU time)',
    },
    'ratio.big.cpu.oursVsGdcmanonBasic': {
      value: gdcmBasicBig.cpuSeconds / oursBig.cpuSeconds,
      unit: '× (CPU time)',
    },
    'machine.loadAverage1m': { value: loadavg()[0] ?? Number.NaN, unit: '' },
    'ratio.small.oursVsCp': { value: cpSmall.seconds / oursSmall.seconds, unit: '×' },
    'ratio.big.oursVsGdcmanonBasic': {
      value: gdcmBasicBig.seconds / oursBig.seconds,
      unit: '× (target ≥ 3)',
    },
    'ratio.big.oursVsCp': { value: cpBig.seconds / oursBig.seconds, unit: '× (target ≥ 0.25)' },
    'target.gibRssUnder256MiB': { value: oursGib.rssMiB < 256 ? 1 : 0, unit: 'yes=1' },
  };
}

/** How many files our CLI's report marks as rejected on the small corpus. */
export function rejectedFigure() {
  const report = readdirSync(work).includes('ours-small.jsonl')
    ? spawnSync('grep', ['-c', '"rejected"', join(work, 'ours-small.jsonl')], {
        encoding: 'utf8',
      }).stdout.trim()
    : '?';
  return { 'small.ours.rejected': { value: Number(report) || 0, unit: 'files' } };
}
