/**
 * `npm run notifications:rebuild [-- COLLECTION]` — rebuilds the notifications read model from the event store.
 * With neither GOOGLE_CLOUD_PROJECT nor FIRESTORE_EMULATOR_HOST set it targets the local `npm start` suite.
 */
import { readPorts } from '../../emulators/suite/ports.ts';
import { log } from '../platform/logger.ts';
import { rebuildProjections } from './rebuild-projections.ts';

if (!process.env.GOOGLE_CLOUD_PROJECT && !process.env.FIRESTORE_EMULATOR_HOST) {
  const p = readPorts();
  process.env.GOOGLE_CLOUD_PROJECT = p.projectId;
  process.env.FIRESTORE_EMULATOR_HOST = `${p.host}:${p.ports.firestore}`;
}
const rows = await rebuildProjections(process.argv[2]);
log.info('notifications read model rebuilt', { rows });
process.exit(0);
