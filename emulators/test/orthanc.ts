/**
 * Orthanc (Debian `orthanc`, `orthanc-dicomweb`) as a third-party PACS for end-to-end tests: started on
 * free loopback ports with a caller's configuration merged over a private store, its REST API, and a stop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { eventually } from './suite.ts';

export const ORTHANC = '/usr/sbin/Orthanc';
export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';
/** Whether Orthanc and its DICOMweb plugin are installed (`.ci/run` installs both). */
export const orthancInstalled = existsSync(ORTHANC) && existsSync(DICOMWEB_PLUGIN);

export interface RunningOrthanc {
  /** Its REST API base URL. */
  base: string;
  /** Its DICOM port (listening only with `DicomServerEnabled: true`). */
  dicomPort: number;
  dir: string;
  /** One REST call; a DICOM body (Buffer) or JSON; throws on a non-2xx answer. */
  rest<T>(method: string, path: string, body?: Buffer | object): Promise<T>;
  stop(): Promise<void>;
}

/** Starts Orthanc with `config` over a private store on free ports; resolves once its REST API answers. */
export async function startOrthanc(name: string, config: Record<string, unknown>): Promise<RunningOrthanc> {
  const dir = mkdtempSync(join(tmpdir(), `orthanc-${name}-`));
  const httpPort = await freePort();
  const dicomPort = await freePort();
  const full = {
    Name: `saludtech-${name}`,
    HttpPort: httpPort,
    DicomServerEnabled: false,
    DicomPort: dicomPort,
    // HTTP takes loopback clients only.
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    StorageDirectory: join(dir, 'storage'),
    IndexDirectory: join(dir, 'index'),
    SaveJobs: false,
    ...config,
  };
  const configPath = join(dir, 'orthanc.json');
  writeFileSync(configPath, JSON.stringify(full, null, 2));
  const log = createWriteStream(join(dir, 'orthanc.log'));
  const child: ChildProcess = spawn(ORTHANC, [configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const base = `http://127.0.0.1:${httpPort}`;
  const stop = async () => {
    if (child.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`Orthanc exited (${child.exitCode}); see ${dir}`);
        return fetch(`${base}/system`).then(
          (r) => (r.ok ? true : undefined),
          () => undefined,
        );
      },
      30_000,
      200,
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    base,
    dicomPort,
    dir,
    async rest<T>(method: string, path: string, body?: Buffer | object): Promise<T> {
      const res = await fetch(`${base}${path}`, {
        method,
        ...(body === undefined
          ? {}
          : Buffer.isBuffer(body)
            ? { body: new Uint8Array(body), headers: { 'Content-Type': 'application/dicom' } }
            : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
      });
      if (!res.ok) throw new Error(`Orthanc ${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    stop,
  };
}
