/**
 * The adapter as its own process for end-to-end tests and benches: a generated config (its own spool, its
 * ports derived from TEST_PORT_OFFSET and a slot), started like `npm run dicom-adapter`, its JSON log
 * lines and `/metrics` read back. No test-runner imports: benches use it too.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers, type Child, startChild } from '../../../emulators/suite/child-process.ts';
import { assertPortsFree } from '../../../emulators/suite/port-check.ts';
import type { AdapterConfigInput } from '../adapter-config.ts';
import { readAdapterPorts } from '../adapter-ports.ts';

export const ROOT = new URL('../../..', import.meta.url).pathname.replace(/\/$/, '');
export const AE_TITLE = 'SALUDTECH';
export const PORT_OFFSET = Number(process.env.TEST_PORT_OFFSET ?? 10_000);

/** Ports for test file `slot` (0–6): the adapter's DIMSE and HTTP ports, and two spare ones (Orthanc, storescp). */
export function slotPorts(slot: number) {
  const base = readAdapterPorts(PORT_OFFSET);
  return {
    dimse: base.port + slot * 10,
    http: base.httpPort + slot * 10,
    spareA: base.port + 200 + slot * 10,
    spareB: base.port + 201 + slot * 10,
  };
}

export interface LogLine {
  severity: string;
  message: string;
  [k: string]: unknown;
}

export interface AdapterUnderTest {
  child: Child;
  dimsePort: number;
  httpPort: number;
  spoolDir: string;
  /** The JSON log lines written so far. */
  lines(): LogLine[];
  /** `/metrics` as name{labels} → value. */
  metrics(): Promise<Record<string, number>>;
  stop(): Promise<void>;
  /** SIGKILL, no clean-up: the spool stays as the crash left it. */
  kill9(): Promise<void>;
}

export interface AdapterOptions {
  name: string;
  slot: number;
  /** Each center's calling AEs and service identity (an Auth user with role health_center). */
  centers: { code: string; callingAeTitles: string[]; email: string; password: string }[];
  platformUrl: string;
  /** `host:port` of the Auth emulator. */
  authHost: string;
  spoolDir?: string;
  spoolMaxBytes?: number;
  tls?: AdapterConfigInput['tls'];
  forward?: AdapterConfigInput['forward'];
  /** Run the compiled adapter (`npm run build` → dist/), as the container image does. */
  built?: boolean;
}

/** Starts `npm run dicom-adapter` as a child with a generated config; resolves once /healthz answers. */
export async function startAdapterProcess(o: AdapterOptions): Promise<AdapterUnderTest> {
  const ports = slotPorts(o.slot);
  // A leftover adapter on these ports would answer /healthz and the test would talk to it.
  await assertPortsFree('127.0.0.1', [ports.dimse, ports.http]);
  const work = mkdtempSync(join(tmpdir(), `dicom-adapter-${o.name}-`));
  const spoolDir = o.spoolDir ?? join(work, 'spool');
  mkdirSync(spoolDir, { recursive: true });
  const config: AdapterConfigInput = {
    aeTitle: AE_TITLE,
    host: '127.0.0.1',
    port: ports.dimse,
    http: { host: '127.0.0.1', port: ports.http },
    platformUrl: o.platformUrl,
    identity: { emulatorHost: o.authHost },
    centers: o.centers.map((c) => ({
      code: c.code,
      callingAeTitles: c.callingAeTitles,
      serviceAccount: { email: c.email, password: c.password },
    })),
    spool: { dir: spoolDir, ...(o.spoolMaxBytes ? { maxBytes: o.spoolMaxBytes } : {}) },
    forward: { lingerMs: 200, retryBaseMs: 200, retryMaxMs: 2000, ...o.forward },
    ...(o.tls ? { tls: o.tls } : {}),
    logLevel: 'DEBUG',
  };
  const configFile = join(work, 'config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const child = await startChild({
    name: `dicom-adapter-${o.name}`,
    command: process.execPath,
    args: o.built
      ? [join(ROOT, 'dist/adapters/dicom/main.js')]
      : ['--import', 'tsx', join(ROOT, 'adapters/dicom/main.ts')],
    cwd: ROOT,
    env: { DICOM_ADAPTER_CONFIG: configFile },
    logDir: work,
    ready: () => answers(`http://127.0.0.1:${ports.http}/healthz`),
    timeoutMs: 30_000,
  });
  const lines = () =>
    readFileSync(child.log, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);
  return {
    child,
    dimsePort: ports.dimse,
    httpPort: ports.http,
    spoolDir,
    lines,
    metrics: async () => {
      const text = await (await fetch(`http://127.0.0.1:${ports.http}/metrics`)).text();
      return Object.fromEntries(
        text
          .split('\n')
          .filter((l) => l && !l.startsWith('#'))
          .map((l) => {
            const at = l.lastIndexOf(' ');
            return [l.slice(0, at), Number(l.slice(at + 1))];
          }),
      );
    },
    stop: () => child.stop(),
    kill9: async () => {
      process.kill(child.pid, 'SIGKILL');
      await child.stop(); // reaps the group; nothing left to end
    },
  };
}

/** The platform uploads the adapter's batches landed in (from its log lines). */
export function platformUploadIds(lines: readonly LogLine[]): string[] {
  const ids = new Set<string>();
  for (const l of lines)
    if (
      (l.message === 'stow-rs batch answered' || l.message === 'resumable upload answered') &&
      typeof l.platformUploadId === 'string'
    )
      ids.add(l.platformUploadId);
  return [...ids];
}
