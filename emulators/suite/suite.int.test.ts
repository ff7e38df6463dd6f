/** The running suite exposes every service to the official clients through the environment it hands out. */
import { spawn } from 'node:child_process';
import type { KeyManagementServiceClient } from '@google-cloud/kms';
import { Storage } from '@google-cloud/storage';
import { describe, expect, it } from 'vitest';
import { createKmsClient } from '../../functions/platform/kms-client.ts';
import { eventually, suite } from '../test/suite.ts';
import { startChild } from './child-process.ts';
import { processAlive as alive } from './processes.ts';

/** The pids in a process group (the shell and the sleep it started). */
function processGroup(pgid: number): Promise<number[]> {
  return new Promise((resolve) => {
    let out = '';
    const ps = spawn('pgrep', ['-g', String(pgid)]);
    ps.stdout.on('data', (d) => {
      out += d;
    });
    ps.on('close', () => resolve(out.split('\n').filter(Boolean).map(Number)));
  });
}

describe('local suite', () => {
  it('serves Cloud Storage to the official client through STORAGE_EMULATOR_HOST', async () => {
    const storage = new Storage({ projectId: suite().projectId });
    const bucket = storage.bucket(`suite-check-${Date.now()}`);
    await bucket.create();
    await bucket.file('hello.txt').save('hola');
    const [content] = await bucket.file('hello.txt').download();
    expect(content.toString()).toBe('hola');
  });

  it('serves Cloud KMS to the official client through KMS_EMULATOR_HOST', async () => {
    const kms: KeyManagementServiceClient = createKmsClient();
    const parent = `projects/${suite().projectId}/locations/us-central1`;
    const [ring] = await kms.createKeyRing({ parent, keyRingId: `suite-check-${Date.now()}` });
    expect(ring.name).toContain('/keyRings/suite-check-');
    await kms.close();
  });

  it('serves its health check on the function host', async () => {
    const res = await fetch(`${suite().apiUrl}/_health`);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('stops a child together with everything it spawned (no orphans)', async () => {
    const child = await startChild({
      name: 'orphan-check',
      command: 'sh',
      args: ['-c', 'sleep 300 & wait'],
      logDir: `${suite().stateDir}/logs`,
      ready: async () => true,
      timeoutMs: 5_000,
    });
    const group = await eventually(async () => {
      const pids = await processGroup(child.pid);
      return pids.length >= 2 ? pids : undefined;
    });
    await child.stop();
    expect(group.filter(alive)).toEqual([]);
  });
});
