/**
 * The local suite: the official emulators (Firestore, Pub/Sub, Firebase Auth), our stand-ins, and the
 * function host, each health-checked, with the manifest's triggers wired. One `stop()` ends every child.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PubSub } from '@google-cloud/pubsub';
import { consoleOrigins, readConsolePort } from '../../console/serve/console-ports.ts';
import { entries } from '../../functions/manifest.ts';
import { BUCKETS, bucketName } from '../../functions/platform/config.ts';
import { rateLimitSuiteEnv } from '../../functions/platform/http/rate-limit.config.ts';
import { kmsReady } from '../kms/kms-health.ts';
import { readSmtpPorts } from '../smtp/smtp-ports.ts';
import { workflowsArgs } from '../workflows/suite-wiring.ts';
import { answers, type Child, startChild } from './child-process.ts';
import { PidFile, reapLeftovers } from './pid-file.ts';
import { assertPortsFree } from './port-check.ts';
import { readPorts, type SuitePorts } from './ports.ts';
import { findPrerequisites } from './prerequisites.ts';
import { wireTriggers } from './wiring.ts';

export interface SuiteOptions {
  /** State folder under `.local/` (`dev` for npm start, `test` for the test run). */
  name: string;
  portOffset?: number;
  logLevel?: string;
  /** Saga steps read `test-faults` documents (the test suite); off for `npm start` and the benches. */
  testFaults?: boolean;
}

export interface Suite {
  projectId: string;
  root: string;
  stateDir: string;
  apiUrl: string;
  ports: SuitePorts['ports'];
  /** The environment a process needs to talk to this suite with the official clients. */
  env: Record<string, string>;
  children: Child[];
  stop(): Promise<void>;
}

const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

function authConfig(stateDir: string, p: SuitePorts): string {
  const file = join(stateDir, 'firebase.json');
  const { auth, hub, logging } = p.ports;
  const emulators = {
    singleProjectMode: true,
    auth: { host: p.host, port: auth },
    hub: { host: p.host, port: hub },
    logging: { host: p.host, port: logging },
    ui: { enabled: false },
  };
  writeFileSync(file, JSON.stringify({ emulators }, null, 2));
  return file;
}

/** Creates the platform's buckets in the Storage stand-in (an existing bucket answers 409: kept as it is). */
async function createBuckets(storageUrl: string, projectId: string): Promise<void> {
  for (const logical of BUCKETS) {
    const res = await fetch(`${storageUrl}/b?project=${projectId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: bucketName(logical, projectId) }),
    });
    if (!res.ok && res.status !== 409) throw new Error(`creating bucket ${logical}: HTTP ${res.status}`);
  }
}

export async function startSuite(opts: SuiteOptions): Promise<Suite> {
  process.env.METADATA_SERVER_DETECTION ??= 'none'; // no GCE metadata look-ups from the official clients
  const prereq = findPrerequisites();
  const p = readPorts(undefined, opts.portOffset ?? 0);
  const stateDir = join(root, '.local', opts.name);
  const logDir = join(stateDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const pidPath = join(stateDir, 'pids.json');
  const reaped = await reapLeftovers(pidPath);
  if (reaped.length > 0) console.warn(`ended what an earlier run left running: ${reaped.join(', ')}`);
  const pidFile = new PidFile(pidPath);
  const mail = readSmtpPorts(opts.portOffset ?? 0); // the SMTP sink and its HTTP mailbox listing
  await assertPortsFree(p.host, [...Object.values(p.ports), mail.smtp, mail.mail]);

  const at = (port: number) => `${p.host}:${port}`;
  const env: Record<string, string> = {
    GOOGLE_CLOUD_PROJECT: p.projectId,
    GCLOUD_PROJECT: p.projectId,
    FIRESTORE_EMULATOR_HOST: at(p.ports.firestore),
    PUBSUB_EMULATOR_HOST: at(p.ports.pubsub),
    FIREBASE_AUTH_EMULATOR_HOST: at(p.ports.auth),
    STORAGE_EMULATOR_HOST: `http://${at(p.ports.storage)}`,
    KMS_EMULATOR_HOST: at(p.ports.kms),
    WORKFLOWS_EMULATOR_HOST: `http://${at(p.ports.workflows)}`,
    METADATA_SERVER_DETECTION: 'none',
    LOG_LEVEL: opts.logLevel ?? 'INFO',
    ...(opts.testFaults ? { SALUDTECH_TEST_FAULTS: '1' } : {}),
    SMTP_HOST: p.host,
    SMTP_PORT: String(mail.smtp),
    MAIL_API_URL: `http://${at(mail.mail)}`,
    NOTIFY_RECEIPT_SECRET: 'local-receipt-secret-for-the-sink',
    NOTIFY_ALLOW_LOOPBACK_HTTP: 'true',
    ...rateLimitSuiteEnv(opts.name),
    // The web console (console/) is served from the Hosting emulator's origin.
    CORS_ALLOWED_ORIGINS: consoleOrigins(readConsolePort(opts.portOffset ?? 0).port).join(','),
  };
  const children: Child[] = [];
  const stop = async () => {
    await Promise.all(
      children
        .splice(0)
        .reverse()
        .map((c) => c.stop()),
    );
  };
  const track = (c: Child) => {
    children.push(c);
    return c;
  };
  // Recorded at spawn, not when ready: a launcher killed during start-up leaves nothing unaccounted for.
  const base = { logDir, cwd: root, onSpawn: pidFile.add.bind(pidFile) };
  const apiUrl = `http://${at(p.ports.functions)}`;
  const tsx = (script: string, args: string[]) => ({
    command: process.execPath,
    args: ['--import', 'tsx', join(root, script), ...args],
  });
  // Eventarc's role locally: finalize CloudEvents for each storage-triggered function of the manifest.
  const storageTriggers = entries().flatMap((e) =>
    e.trigger.kind === 'storage'
      ? [
          {
            bucket: bucketName(e.trigger.bucket, p.projectId),
            eventType: 'finalized',
            url: `${apiUrl}/${e.name}`,
          },
        ]
      : [],
  );

  try {
    // The three emulators start concurrently (the machine has 2 cores; Auth is CPU-bound for ~20 s).
    await Promise.all([
      startChild({
        ...base,
        name: 'firestore',
        command: prereq.java,
        args: [
          '-cp',
          prereq.firestoreJar,
          'com.google.cloud.datastore.emulator.firestore.CloudFirestore',
          'start',
          `--host=${p.host}`,
          `--port=${p.ports.firestore}`,
          '--database-mode=firestore-native',
        ],
        ready: () => answers(`http://${at(p.ports.firestore)}/`),
        timeoutMs: 60_000,
      }).then(track),
      startChild({
        ...base,
        name: 'pubsub',
        command: prereq.java,
        args: ['-jar', prereq.pubsubJar, `--host=${p.host}`, `--port=${p.ports.pubsub}`],
        ready: () => answers(`http://${at(p.ports.pubsub)}/`),
        timeoutMs: 60_000,
      })
        .then(track)
        // The Workflows stand-in subscribes to its trigger topics, so it follows Pub/Sub (not the function host).
        .then(() =>
          startChild({
            ...base,
            name: 'workflows',
            ...tsx(
              'emulators/workflows/main.ts',
              workflowsArgs({
                root,
                port: p.ports.workflows,
                stateDir,
                projectId: p.projectId,
                functionsBaseUrl: apiUrl,
                pubsubHost: at(p.ports.pubsub),
              }),
            ),
            ready: () => answers(`http://${at(p.ports.workflows)}/_health`),
            timeoutMs: 30_000,
          }),
        )
        .then(track),
      startChild({
        ...base,
        name: 'auth',
        command: process.execPath,
        args: [
          join(root, 'node_modules/firebase-tools/lib/bin/firebase.js'),
          'emulators:start',
          '--only',
          'auth',
          '--project',
          p.projectId,
          '--config',
          authConfig(stateDir, p),
        ],
        cwd: stateDir,
        env: { CI: 'true' },
        ready: () => answers(`http://${at(p.ports.auth)}/emulator/v1/projects/${p.projectId}/config`),
        timeoutMs: 90_000,
      }).then(track),
      startChild({
        ...base,
        name: 'storage',
        ...tsx('emulators/storage/main.ts', [
          '--port',
          String(p.ports.storage),
          '--data-dir',
          join(stateDir, 'storage'),
          '--project',
          p.projectId,
          '--triggers',
          JSON.stringify(storageTriggers),
        ]),
        env: { PUBSUB_EMULATOR_HOST: env.PUBSUB_EMULATOR_HOST },
        ready: () => answers(`http://${at(p.ports.storage)}/_health`),
        timeoutMs: 30_000,
      })
        .then(track)
        .then(() => createBuckets(`http://${at(p.ports.storage)}`, p.projectId)),
      startChild({
        ...base,
        name: 'smtp',
        ...tsx('emulators/smtp/main.ts', [
          '--smtp-port',
          String(mail.smtp),
          '--http-port',
          String(mail.mail),
          '--mail-dir',
          join(stateDir, 'mail'),
          '--receipt-url',
          `${apiUrl}/notifications/receipts`,
          '--receipt-secret',
          env.NOTIFY_RECEIPT_SECRET as string,
        ]),
        ready: () => answers(`http://${at(mail.mail)}/_health`),
        timeoutMs: 30_000,
      }).then(track),
      startChild({
        ...base,
        name: 'kms',
        ...tsx('emulators/kms/main.ts', ['--port', String(p.ports.kms), '--data-dir', join(stateDir, 'kms')]),
        ready: () => kmsReady(at(p.ports.kms)),
        timeoutMs: 30_000,
      }).then(track),
    ]);

    track(
      await startChild({
        ...base,
        name: 'function-host',
        // SALUDTECH_PROFILE_DIR: a V8 CPU profile of the function host, written when the suite stops (where a
        // bench's time goes; see docs/scaling.md).
        ...(process.env.SALUDTECH_PROFILE_DIR
          ? {
              command: process.execPath,
              args: [
                '--cpu-prof',
                `--cpu-prof-dir=${process.env.SALUDTECH_PROFILE_DIR}`,
                '--import',
                'tsx',
                join(root, 'emulators/function-host.ts'),
              ],
            }
          : tsx('emulators/function-host.ts', [])),
        env: { ...env, PORT: String(p.ports.functions) },
        ready: () => answers(`${apiUrl}/_health`),
        timeoutMs: 60_000,
      }),
    );
    const pubsub = new PubSub({ projectId: p.projectId, apiEndpoint: at(p.ports.pubsub) });
    await wireTriggers(pubsub, apiUrl, p.projectId);
    await pubsub.close();
    return { projectId: p.projectId, root, stateDir, apiUrl, ports: p.ports, env, children, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
