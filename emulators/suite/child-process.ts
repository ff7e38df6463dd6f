/** Starts suite children in their own process group, waits until healthy, and stops the whole group. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';

export interface Child {
  name: string;
  pid: number;
  log: string;
  stop(): Promise<void>;
}

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logDir: string;
  /** Resolves true once the child answers; polled until `timeoutMs`. */
  ready: () => Promise<boolean>;
  timeoutMs: number;
  /** Called as soon as the process exists, before it is ready (the launcher's pid file). */
  onSpawn?: (name: string, pid: number, cmdline: string) => void;
}

/** Every child started by this process and not yet stopped: a signal during start-up stops them all. */
const live = new Map<number, () => Promise<void>>();
let refusing = false;

/**
 * Stops every live child, by process group, and refuses to start new ones from now on. Safe to call at
 * any moment, including while `startChild` is still waiting for a child to become ready.
 */
export async function stopAllChildren(): Promise<void> {
  refusing = true;
  await Promise.all([...live.values()].map((stop) => stop()));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Waits (bounded) until no process of the group is left: a killed grandchild takes a moment to exit. */
export async function groupGone(pgid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await sleep(20);
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Spawns and health-checks a child; on failure the error names the log file to read. */
export async function startChild(spec: ChildSpec): Promise<Child> {
  if (refusing) throw new Error(`${spec.name}: not started, the suite is stopping`);
  mkdirSync(spec.logDir, { recursive: true });
  const log = join(spec.logDir, `${spec.name}.log`);
  const fd = openSync(log, 'w');
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', fd, fd],
    detached: true, // its own process group: stopping it also stops anything it spawned
  });
  if (child.pid === undefined) throw new Error(`${spec.name}: could not start ${spec.command}`);
  const pid = child.pid;
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      killGroup(pid, 'SIGTERM');
      const done = await Promise.race([exited(child).then(() => true), sleep(5000).then(() => false)]);
      if (!done) killGroup(pid, 'SIGKILL');
      killGroup(pid, 'SIGKILL'); // grandchildren that ignored SIGTERM
      await groupGone(pid, 2000);
      live.delete(pid);
    })();
    return stopped;
  };
  live.set(pid, stop);
  spec.onSpawn?.(spec.name, pid, [spec.command, ...spec.args].join(' '));
  const deadline = Date.now() + spec.timeoutMs;
  while (Date.now() < deadline) {
    if (refusing) {
      await stop();
      throw new Error(`${spec.name}: stopped during start-up`);
    }
    if (child.exitCode !== null)
      throw new Error(`${spec.name} exited with code ${child.exitCode}; see ${log}`);
    if (await spec.ready().catch(() => false)) return { name: spec.name, pid, log, stop };
    await sleep(200);
  }
  await stop();
  throw new Error(`${spec.name} not ready after ${spec.timeoutMs} ms; see ${log}`);
}

/** True when GET url answers 2xx. */
export async function answers(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
  await res.arrayBuffer();
  return res.ok;
}
