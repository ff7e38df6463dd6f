/** Runs the SMTP sink as a suite child: `--smtp-port --http-port --mail-dir [--receipt-url --receipt-secret]`. */
import { parseArgs } from 'node:util';
import { stopOnSignal } from '../stop-on-signal.ts';
import { startSink } from './smtp-sink.ts';

const { values } = parseArgs({
  options: {
    'smtp-port': { type: 'string' },
    'http-port': { type: 'string' },
    'mail-dir': { type: 'string' },
    'receipt-url': { type: 'string' },
    'receipt-secret': { type: 'string' },
  },
});
if (!values['smtp-port'] || !values['http-port'] || !values['mail-dir'])
  throw new Error(
    'usage: main.ts --smtp-port N --http-port N --mail-dir DIR [--receipt-url URL --receipt-secret S]',
  );

const sink = await startSink({
  smtpPort: Number(values['smtp-port']),
  httpPort: Number(values['http-port']),
  dir: values['mail-dir'],
  ...(values['receipt-url'] && values['receipt-secret']
    ? { receipts: { url: values['receipt-url'], secret: values['receipt-secret'] } }
    : {}),
});
console.log(
  JSON.stringify({
    severity: 'INFO',
    message: 'smtp sink listening',
    smtp: sink.smtpPort,
    http: sink.httpPort,
  }),
);
stopOnSignal('smtp sink', () => sink.close());
