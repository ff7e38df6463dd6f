/** Worker thread of the anonymize CLI: runs files it is sent, a few at a time, and reports each one. */
import { parentPort, workerData } from 'node:worker_threads';
import { type FileJobConfig, fileRunner } from './anonymize-file.ts';

const run = fileRunner(workerData as FileJobConfig);
parentPort?.on('message', (msg: { id: number; rel: string; sidecar: boolean }) => {
  run(msg.rel, msg.sidecar).then(
    (line) => parentPort?.postMessage({ id: msg.id, line }),
    (e: unknown) => parentPort?.postMessage({ id: msg.id, error: (e as Error).message }),
  );
});
