/**
 * `npm start`: the local suite, demo users and a demo center, then a table of endpoints. Ctrl-C stops it all.
 * Signals are honoured from the first line: a stop during start-up ends every child started so far.
 */

import { join } from 'node:path';
import type { HttpTrigger } from '../functions/manifest.types.ts';
import { stopAllChildren } from './suite/child-process.ts';
import { PidFile, reapLeftovers } from './suite/pid-file.ts';

let stopping = false;
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping the local suite…');
  await stopAllChildren();
  process.exit(code);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
// `npm` exits on SIGTERM without passing it on; when our parent goes, we go (and take every child with us).
const parent = process.ppid;
setInterval(() => process.ppid !== parent && void stop(), 500).unref();

const started = Date.now();
console.log(
  'starting the local suite (Firestore, Pub/Sub, Auth emulators, Storage and KMS stand-ins, function host)…',
);
// Imported only now, so that the handlers above are in place while these modules load.
const { entries } = await import('../functions/manifest.ts');
const { SEED_BFF_EXAMPLE } = await import('../schemas/subscriptions/v1/seed-bff-subscription.example.ts');
const { tokenFor } = await import('./auth/users.ts');
const { startSuite } = await import('./suite/suite.ts');

try {
  // START_PORT_OFFSET: a second launcher beside `npm start` (the start-stop test uses it).
  const portOffset = Number(process.env.START_PORT_OFFSET ?? 0);
  const suite = await startSuite({ name: portOffset ? `dev-${portOffset}` : 'dev', portOffset });
  const authHost = suite.env.FIREBASE_AUTH_EMULATOR_HOST as string;
  Object.assign(process.env, suite.env);
  const adminToken = await tokenFor(suite.projectId, authHost, {
    email: 'admin@saludtech.example',
    roles: ['admin'],
  });
  // The demo center goes through the real pipeline: HTTP → command topic → handler → projection.
  const res = await fetch(`${suite.apiUrl}/centers`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${adminToken}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': 'demo-center',
    },
    body: JSON.stringify({
      code: 'DEMO-BOG',
      name: 'Centro Demo Bogotá',
      city: 'Bogotá',
      contactEmail: 'imagenes@demo.example',
    }),
  });
  const demoCenter =
    res.status === 202
      ? ((await res.json()) as { location: string }).location
      : `(not created: ${res.status})`;
  // The DICOM adapter (adapters/dicom) for the demo center: modalities send C-STORE, it forwards with STOW-RS.
  const { startDemoAdapter, demoAdapterLines } = await import('../adapters/dicom/demo/demo-adapter.ts');
  const dicomAdapter =
    res.status === 202
      ? await startDemoAdapter({
          root: suite.root,
          stateDir: suite.stateDir,
          projectId: suite.projectId,
          apiUrl: suite.apiUrl,
          authHost,
          centerId: demoCenter.split('/').pop() as string,
          centerCode: 'DEMO-BOG',
          portOffset,
        }).catch((e: Error) => console.warn(`DICOM adapter not started: ${e.message}`))
      : undefined;
  // The web console (console/), through the Firebase Hosting emulator.
  const { startConsole } = await import('../console/serve/serve-console.ts');
  const consolePids = join(suite.stateDir, 'console-pids.json');
  await reapLeftovers(consolePids);
  const consolePidFile = new PidFile(consolePids);
  const webConsole = await startConsole({
    root: suite.root,
    stateDir: suite.stateDir,
    projectId: suite.projectId,
    apiUrl: suite.apiUrl,
    authHost,
    portOffset,
    onSpawn: (name, pid, cmdline) => consolePidFile.add(name, pid, cmdline),
  }).catch((e: Error) => console.warn(`web console not started: ${e.message}`));

  // A demo expert with capacity, so a PRO subscription's saga can assign one (capacity 0 shows compensation).
  const expert = await fetch(`${suite.apiUrl}/experts/e-demo`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ capacity: 5 }),
  });
  if (!expert.ok) console.warn(`demo expert not created: HTTP ${expert.status}`);

  const rows = entries()
    .filter((e) => e.trigger.kind === 'http')
    .map((e) => {
      const t = e.trigger as HttpTrigger;
      return {
        function: e.name,
        route: `${t.method} ${suite.apiUrl}${t.path}`,
        roles: t.roles === 'public' ? 'public' : t.roles.join(', '),
      };
    });
  console.log('\nHTTP API (gateway; every function is also at /<function-name>/…):');
  console.table(rows);
  const p = suite.ports;
  console.table([
    { service: 'function host / API', address: suite.apiUrl },
    { service: 'Firestore emulator', address: `127.0.0.1:${p.firestore}` },
    { service: 'Pub/Sub emulator', address: `127.0.0.1:${p.pubsub}` },
    { service: 'Firebase Auth emulator', address: `127.0.0.1:${p.auth}` },
    { service: 'Cloud Storage stand-in (JSON API)', address: `http://127.0.0.1:${p.storage}` },
    { service: 'Cloud KMS stand-in (gRPC)', address: `127.0.0.1:${p.kms}` },
    { service: 'Cloud Workflows stand-in (REST)', address: suite.env.WORKFLOWS_EMULATOR_HOST },
    { service: 'SMTP sink (mail listing)', address: `${suite.env.MAIL_API_URL}/messages` },
  ]);
  console.log(
    `demo users (password demo-password-123): admin@saludtech.example; more with: npm run users -- --email x@y.z --role client`,
  );
  console.log(`demo center: ${demoCenter}   logs: ${suite.stateDir}/logs/`);
  if (dicomAdapter) console.log(demoAdapterLines(dicomAdapter).join('\n'));
  if (webConsole)
    console.log(`web console: ${webConsole.url}  (sign in as admin@saludtech.example / demo-password-123)`);
  console.log('\nTry it (the token is valid for an hour):\n');
  console.log(`TOKEN=${adminToken}`);
  console.log(`curl -s -H "Authorization: Bearer $TOKEN" ${suite.apiUrl}/centers`);
  console.log(
    `curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' ${suite.apiUrl}/centers -d '{"code":"HSJ-BOG","name":"Hospital San José","city":"Bogotá","contactEmail":"imagenes@hsj.example"}'`,
  );
  console.log('\nA PRO subscription through the seed route, then its saga (Location → GET /sagas/{id}):\n');
  console.log(
    `curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' ${suite.apiUrl}/suscripciones/suscripcion-comando -d '${JSON.stringify(SEED_BFF_EXAMPLE)}'`,
  );
  console.log(`\nready in ${((Date.now() - started) / 1000).toFixed(1)} s — Ctrl-C to stop`);
} catch (error) {
  if (!stopping) console.error(error); // a stop during start-up fails the start on purpose
  await stop(1);
}
