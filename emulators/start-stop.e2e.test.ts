/**
 * `npm start` as a terminal user drives it: Ctrl-C (SIGINT to the process group) during start-up and after
 * "ready" leaves no process behind; a launcher killed outright leaves children that the next start ends;
 * a port held by someone else is named in the refusal.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readPorts } from './suite/ports.ts';
import { processAlive } from './suite/processes.ts';
import { captureOutput } from './test/child-output.ts';

const OFFSET = 15_000;
const root = new URL('..', import.meta.url).pathname;
const stateDir = join(root, '.local', `dev-${OFFSET}`);
const pidFile = join(stateDir, 'pids.json');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Launcher {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const launchers: Launcher[] = [];

/** `node emulators/start.mjs` in a process group of its own, as a terminal would run `npm start`. */
function launch(): Launcher {
  const proc = spawn(process.execPath, [join(root, 'emulators/start.mjs')], {
    cwd: root,
    env: { ...process.env, START_PORT_OFFSET: String(OFFSET) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(proc);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const l = { proc, output, exited };
  launchers.push(l);
  return l;
}

async function until(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The children the launcher recorded, by pid. */
const recordedChildren = (): { pid: number; name: string }[] =>
  existsSync(pidFile)
    ? (JSON.parse(readFileSync(pidFile, 'utf8')) as { children: { pid: number; name: string }[] }).children
    : [];

const survivors = (pids: { pid: number; name: string }[]) =>
  pids.filter((c) => processAlive(c.pid)).map((c) => `${c.name} (${c.pid})`);

const terminalCtrlC = (l: Launcher) => process.kill(-(l.proc.pid as number), 'SIGINT');

afterEach(async () => {
  for (const l of launchers.splice(0)) {
    try {
      process.kill(-(l.proc.pid as number), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const c of recordedChildren()) {
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('npm start and Ctrl-C', () => {
  it('a Ctrl-C during start-up ends every child started so far', async () => {
    rmSync(pidFile, { force: true });
    const l = launch();
    await until('the first children', () => recordedChildren().length >= 3, 30_000);
    expect(l.output()).not.toContain('ready in');
    terminalCtrlC(l);
    await l.exited;
    const started = recordedChildren();
    expect(started.length).toBeGreaterThanOrEqual(3);
    await until('every child to exit', () => survivors(started).length === 0, 10_000);
    expect(survivors(started)).toEqual([]);
  }, 60_000);

  it('a killed launcher leaves children that the next start ends; Ctrl-C after ready stops it all', async () => {
    const first = launch();
    await until('ready', () => first.output().includes('ready in'), 90_000);
    const orphans = recordedChildren();
    process.kill(first.proc.pid as number, 'SIGKILL'); // the launcher only: its children live on
    await first.exited;
    expect(survivors(orphans).length).toBe(orphans.length);

    const second = launch();
    await until('ready', () => second.output().includes('ready in'), 90_000);
    expect(second.output()).toContain('ended what an earlier run left running');
    expect(survivors(orphans)).toEqual([]);
    const children = recordedChildren();
    terminalCtrlC(second);
    await second.exited;
    await until('every child to exit', () => survivors(children).length === 0, 10_000);
    expect(survivors(children)).toEqual([]);
  }, 200_000);

  it('names the process that holds a suite port', async () => {
    const port = readPorts(undefined, OFFSET).ports.storage;
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const l = launch();
      const code = await l.exited;
      expect(code).not.toBe(0);
      expect(l.output()).toContain(`${port}: pid ${process.pid} in ${process.cwd()}`);
    } finally {
      squatter.close();
    }
  }, 60_000);
});
