/** Worker side of the pseudonym pool: gets one field's sub-key (never the seed) and pseudonymizes byte chunks. */
import { parentPort } from 'node:worker_threads';
import { type FieldKey, fieldKeyFrom } from '../domain/keyring.ts';
import { pseudonymizeLines } from '../domain/pseudonym-lines.ts';

export interface PoolTask {
  id: number;
  subkey: Uint8Array;
  field: string;
  version: number;
  issuer?: string;
  /** Newline-separated values (transferred, not copied). */
  lines: Uint8Array;
}

const keys = new Map<string, FieldKey>();

parentPort?.on('message', (task: PoolTask) => {
  const cacheKey = `${task.field}:${task.version}:${Buffer.from(task.subkey).toString('base64url')}`;
  let fk = keys.get(cacheKey);
  if (!fk) {
    fk = fieldKeyFrom(Buffer.from(task.subkey), task.field, task.version);
    keys.set(cacheKey, fk);
  }
  const input = Buffer.from(task.lines.buffer, task.lines.byteOffset, task.lines.byteLength);
  const tokens = pseudonymizeLines(fk, input, task.issuer);
  parentPort?.postMessage({ id: task.id, tokens }, [tokens.buffer as ArrayBuffer]);
});
