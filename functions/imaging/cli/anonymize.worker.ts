/** Worker thread of the anonymize CLI: runs each batch of files it is sent and answers with their report lines. */
import { parentPort, workerData } from 'node:worker_threads';
import { type FileJobConfig, fileRunner, type ReportLine } from './anonymize-file.ts';

const run = fileRunner(workerData as FileJobConfig);
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (batch: { id: number; rel: string; sidecar: boolean }[]) => {
  // Batches run one after another: the per-file path is synchronous I/O, so overlap would not help.
  queue = queue.then(async () => {
    const lines: [number, ReportLine][] = [];
    for (const task of batch) {
      try {
        lines.push([task.id, await run(task.rel, task.sidecar)]);
      } catch (e) {
        parentPort?.postMessage({ lines, error: { id: task.id, message: (e as Error).message } });
        return;
      }
    }
    parentPort?.postMessage({ lines });
  });
});
