/** Process entry: `node --import tsx emulators/kms/main.ts --port 9299 --data-dir .local/kms`. */
import { parseArgs } from 'node:util';
import { stopOnSignal } from '../stop-on-signal.ts';
import { startKmsEmulator } from './kms-server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9299' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string', default: '.local/kms' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port ${values.port}`);
  process.exit(2);
}

const emulator = await startKmsEmulator({ port, host: values.host, dataDir: values['data-dir'] });
// The launcher waits for exactly this line (and reads the port from it when started with --port 0).
console.log(`kms emulator listening on ${emulator.address}`);

stopOnSignal('kms emulator', () => emulator.close());
