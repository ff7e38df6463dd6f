// Process entry: `node --import tsx emulators/workflows/main.ts --port 9399 --data-dir DIR --project P
//   --workflows-dir infra/workflows --env '{"K":"V"}' --triggers '[{"workflow":"w","topic":"t"}]' --pubsub-host H:P`.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { stopOnSignal } from '../stop-on-signal.ts';
import { startWorkflowsEmulator } from './workflows-server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9399' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string', default: '.local/workflows' },
    project: { type: 'string', default: 'demo-saludtech' },
    location: { type: 'string', default: 'us-central1' },
    'workflows-dir': { type: 'string', default: 'infra/workflows' },
    env: { type: 'string', default: '{}' },
    triggers: { type: 'string', default: '[]' },
    'pubsub-host': { type: 'string' },
    'delay-scale': { type: 'string', default: '1' },
  },
});

const emulator = await startWorkflowsEmulator({
  port: Number(values.port),
  host: values.host,
  dataDir: values['data-dir'],
  projectId: values.project,
  location: values.location,
  workflowsDir: values['workflows-dir'],
  env: z.record(z.string(), z.string()).parse(JSON.parse(values.env)),
  triggers: z.array(z.object({ workflow: z.string(), topic: z.string() })).parse(JSON.parse(values.triggers)),
  ...(values['pubsub-host'] ? { pubsubHost: values['pubsub-host'] } : {}),
  delayScale: z.coerce.number().positive().parse(values['delay-scale']),
});
console.log(`workflows emulator listening on ${emulator.url}`);

stopOnSignal('workflows emulator', () => emulator.close());
