/** Runs a command under /usr/bin/time -v and reports wall seconds, CPU seconds and peak RSS. */
import { spawnSync } from 'node:child_process';
import { root } from './anonymize-dirs.ts';

export interface Run {
  seconds: number;
  /** User + system CPU seconds: a fairer comparison than wall time on a loaded machine. */
  cpuSeconds: number;
  rssMiB: number;
  ok: boolean;
}

/** Runs a command under /usr/bin/time -v: wall seconds and peak RSS. */
export function timed(cmd: string, args: string[], cwd = root): Run {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  const cpu = ['User', 'System'].reduce(
    (n, kind) =>
      n + Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(r.stderr ?? '')?.[1] ?? Number.NaN),
    0,
  );
  if (r.status !== 0)
    console.error(`  ${cmd} exited ${r.status}: ${(r.stderr ?? '').split('\n').slice(0, 3).join(' | ')}`);
  return { seconds, cpuSeconds: cpu, rssMiB: rss ? Number(rss[1]) / 1024 : Number.NaN, ok: r.status === 0 };
}
