// Process entry: `node --import tsx emulators/storage/main.ts --port 9199 --data-dir DIR --project P --triggers JSON`.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { stopOnSignal } from '../stop-on-signal.ts';
import { startStorageEmulator } from './storage-server.ts';

const Triggers = z.array(
  z.object({ bucket: z.string(), eventType: z.enum(['finalized', 'deleted']), url: z.string().url() }),
);

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9199' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string', default: '.local/storage' },
    project: { type: 'string', default: 'demo-saludtech' },
    triggers: { type: 'string', default: '[]' },
    'retry-attempts': { type: 'string' },
    'retry-base-ms': { type: 'string' },
  },
});

const emulator = await startStorageEmulator({
  port: Number(values.port),
  host: values.host,
  dataDir: values['data-dir'],
  projectId: values.project,
  triggers: Triggers.parse(JSON.parse(values.triggers)),
  ...(values['retry-attempts'] || values['retry-base-ms']
    ? {
        retry: {
          attempts: Number(values['retry-attempts'] ?? 8),
          baseDelayMs: Number(values['retry-base-ms'] ?? 250),
        },
      }
    : {}),
});
console.log(`storage emulator listening on ${emulator.url}`);

stopOnSignal('storage emulator', () => emulator.close());
