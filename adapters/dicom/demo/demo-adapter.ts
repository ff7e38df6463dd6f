/**
 * `npm start`'s DICOM adapter: a service identity for the demo center (an Auth emulator user with role
 * health_center and its centerId, a fresh password each start), a config under the suite's state folder
 * with the center's calling AE titles, and the adapter as a child of the launcher (stopped with the rest).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureUser } from '../../../emulators/auth/users.ts';
import { answers, type Child, startChild } from '../../../emulators/suite/child-process.ts';
import { PidFile, reapLeftovers } from '../../../emulators/suite/pid-file.ts';
import { assertPortsFree } from '../../../emulators/suite/port-check.ts';
import type { AdapterConfigInput } from '../adapter-config.ts';
import { readAdapterPorts } from '../adapter-ports.ts';

export const DEMO_AE_TITLE = 'SALUDTECH';
export const DEMO_CALLING_AE_TITLES = ['DEMO-CT', 'DEMO-PACS', 'STORESCU', 'ECHOSCU'];

export interface DemoAdapter {
  child: Child;
  host: string;
  port: number;
  httpPort: number;
  aeTitle: string;
  callingAeTitles: string[];
  /** A storescu command line that sends one file to the adapter as the demo modality. */
  storescu(file: string): string;
}

export async function startDemoAdapter(opts: {
  root: string;
  stateDir: string;
  projectId: string;
  apiUrl: string;
  authHost: string;
  centerId: string;
  centerCode: string;
  portOffset: number;
}): Promise<DemoAdapter> {
  const ports = readAdapterPorts(opts.portOffset);
  const pids = join(opts.stateDir, 'dicom-adapter-pids.json');
  await reapLeftovers(pids);
  await assertPortsFree(ports.host, [ports.port, ports.httpPort]);
  const email = `dicom-adapter@${opts.centerCode.toLowerCase()}.saludtech.example`;
  const password = randomBytes(18).toString('base64url');
  await ensureUser(opts.projectId, { email, password, roles: ['health_center'], centerId: opts.centerId });
  const config: AdapterConfigInput = {
    aeTitle: DEMO_AE_TITLE,
    host: ports.host,
    port: ports.port,
    http: { host: ports.host, port: ports.httpPort },
    platformUrl: opts.apiUrl,
    identity: { emulatorHost: opts.authHost },
    centers: [
      {
        code: opts.centerCode,
        callingAeTitles: DEMO_CALLING_AE_TITLES,
        serviceAccount: { email, passwordEnv: 'DEMO_ADAPTER_PASSWORD' },
      },
    ],
    spool: { dir: join(opts.stateDir, 'dicom-spool'), maxBytes: 4 * 1024 ** 3 },
  };
  const configFile = join(opts.stateDir, 'dicom-adapter.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const pidFile = new PidFile(pids);
  const child = await startChild({
    name: 'dicom-adapter',
    command: process.execPath,
    args: ['--import', 'tsx', join(opts.root, 'adapters/dicom/main.ts')],
    cwd: opts.root,
    env: { DICOM_ADAPTER_CONFIG: configFile, DEMO_ADAPTER_PASSWORD: password },
    logDir: join(opts.stateDir, 'logs'),
    ready: () => answers(`http://${ports.host}:${ports.httpPort}/healthz`),
    timeoutMs: 30_000,
    onSpawn: pidFile.add.bind(pidFile),
  });
  return {
    child,
    ...ports,
    aeTitle: DEMO_AE_TITLE,
    callingAeTitles: DEMO_CALLING_AE_TITLES,
    storescu: (file) => `storescu -v -aet DEMO-CT -aec ${DEMO_AE_TITLE} ${ports.host} ${ports.port} ${file}`,
  };
}

const SAMPLE_CT = '/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm';

/** What `npm start` prints about the adapter: where it listens and the storescu command that sends a file. */
export function demoAdapterLines(d: DemoAdapter): string[] {
  return [
    `DICOM adapter (C-STORE SCP): AE ${d.aeTitle} at ${d.host}:${d.port}, calling AEs ${d.callingAeTitles.join(', ')}; health http://${d.host}:${d.httpPort}/healthz, metrics /metrics, log ${d.child.log}`,
    'Send a DICOM file to it (each association becomes one upload; outcomes at GET /uploads/{id}):',
    `  ${d.storescu(SAMPLE_CT)}`,
  ];
}
