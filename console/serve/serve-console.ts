/**
 * Serves the console locally the way Firebase Hosting serves it in production: a Vite build into the
 * suite's state folder with a `config.json` naming this suite's API and Auth emulator, served by the
 * Firebase Hosting emulator (firebase-tools, offline) on the port from firebase.json.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { answers, type Child, startChild } from '../../emulators/suite/child-process.ts';
import { assertPortsFree } from '../../emulators/suite/port-check.ts';
import { readConsolePort } from './console-ports.ts';

export interface RunningConsole {
  url: string;
  child: Child;
  outDir: string;
}

export async function startConsole(o: {
  root: string;
  stateDir: string;
  projectId: string;
  apiUrl: string;
  authHost: string;
  portOffset: number;
  onSpawn?: (name: string, pid: number, cmdline: string) => void;
}): Promise<RunningConsole> {
  const { host, port } = readConsolePort(o.portOffset);
  // The hosting emulator starts its own hub and logging endpoints: keep them off the suite's ports.
  const hub = port + 10;
  const logging = port + 11;
  await assertPortsFree(host, [port, hub, logging]);
  const outDir = join(o.stateDir, 'console');
  await build({ configFile: join(o.root, 'console/vite.config.ts'), build: { outDir, emptyOutDir: true } });
  writeFileSync(
    join(outDir, 'config.json'),
    JSON.stringify({
      apiUrl: o.apiUrl,
      projectId: o.projectId,
      apiKey: 'fake-api-key',
      authEmulatorHost: o.authHost,
    }),
  );
  const configFile = join(o.stateDir, 'hosting.firebase.json');
  writeFileSync(
    configFile,
    JSON.stringify(
      {
        // Relative to this file, and no default ignore list: it hides every path under a dot folder (.local).
        hosting: { public: 'console', ignore: [], rewrites: [{ source: '**', destination: '/index.html' }] },
        emulators: {
          singleProjectMode: true,
          hosting: { host, port },
          hub: { host, port: hub },
          logging: { host, port: logging },
          ui: { enabled: false },
        },
      },
      null,
      2,
    ),
  );
  const child = await startChild({
    name: 'console-hosting',
    command: process.execPath,
    args: [
      join(o.root, 'node_modules/firebase-tools/lib/bin/firebase.js'),
      'emulators:start',
      '--only',
      'hosting',
      '--project',
      o.projectId,
      '--config',
      configFile,
    ],
    cwd: o.stateDir,
    env: { CI: 'true' },
    logDir: join(o.stateDir, 'logs'),
    ready: () => answers(`http://${host}:${port}/config.json`),
    timeoutMs: 60_000,
    ...(o.onSpawn ? { onSpawn: o.onSpawn } : {}),
  });
  return { url: `http://${host}:${port}`, child, outDir };
}
