/**
 * The launcher's pid file (`.local/<suite>/pids.json`): which launcher started which children, so the next
 * start of the same checkout can end what a killed run left behind, and only that.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { groupGone } from './child-process.ts';
import { processAlive, processCmdline } from './processes.ts';

interface PidRecord {
  launcher: number;
  children: { pid: number; name: string; cmdline: string }[];
}

/** Records the children of this launcher as they spawn. */
export class PidFile {
  private readonly record: PidRecord = { launcher: process.pid, children: [] };
  constructor(private readonly file: string) {}

  add(name: string, pid: number, cmdline: string): void {
    this.record.children.push({ pid, name, cmdline });
    // Written aside and renamed: a reader (the next launcher, a test) never sees half a record.
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.record));
    renameSync(`${this.file}.tmp`, this.file);
  }
}

function readRecord(file: string): PidRecord | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as PidRecord | number[];
    // The earlier format was a bare list of pids, with no way to tell a reused pid from ours.
    return Array.isArray(parsed) ? undefined : parsed;
  } catch {
    return undefined;
  }
}

/**
 * Ends the children an earlier run of this suite left running (its launcher was killed), by process
 * group. A pid counts as ours only while its command line is still the one recorded: pids get reused.
 * Throws when that earlier launcher is itself still running: that is a live suite, not a leftover.
 */
export async function reapLeftovers(file: string): Promise<string[]> {
  const record = readRecord(file);
  if (!record) return [];
  if (record.launcher !== process.pid && processAlive(record.launcher)) {
    const c = processCmdline(record.launcher) ?? '';
    throw new Error(
      `this suite is already running from this checkout (launcher pid ${record.launcher}: ${c.slice(0, 120)}); stop it first`,
    );
  }
  const reaped: string[] = [];
  for (const child of record.children) {
    if (processCmdline(child.pid) !== child.cmdline) continue;
    try {
      process.kill(-child.pid, 'SIGKILL');
      reaped.push(`${child.name} (pid ${child.pid})`);
    } catch {
      // gone meanwhile
    }
  }
  // Their ports are free only once they are gone.
  await Promise.all(record.children.map((c) => groupGone(c.pid, 5000)));
  return reaped;
}
