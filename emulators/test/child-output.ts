/** Test helper: everything a spawned child has written to stdout and stderr so far. */
import type { ChildProcess } from 'node:child_process';

/** Collects a child's stdout and stderr as they come; the returned function reads all of it so far. */
export function captureOutput(proc: ChildProcess): () => string {
  let out = '';
  const collect = (d: Buffer | string) => {
    out += d;
  };
  proc.stdout?.on('data', collect);
  proc.stderr?.on('data', collect);
  return () => out;
}
