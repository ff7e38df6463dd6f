// Test fixtures: a stand-in on a temp data dir with a client pointed at it, and a request-recording proxy.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { afterAll, beforeAll } from 'vitest';
import { signingCredentials } from './signing-credentials.ts';
import { type StorageEmulator, type StorageEmulatorOptions, startStorageEmulator } from './storage-server.ts';

export const PROJECT = 'demo-test';

export interface Fixture {
  emulator: StorageEmulator;
  dataDir: string;
  storage: Storage;
  stop(): Promise<void>;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'storage-emulator-'));
}

export async function startFixture(
  extra: Partial<StorageEmulatorOptions> = {},
  dataDir = tempDir(),
): Promise<Fixture> {
  const emulator = await startStorageEmulator({ port: 0, dataDir, projectId: PROJECT, ...extra });
  const storage = clientFor(emulator.url, dataDir);
  return {
    emulator,
    dataDir,
    storage,
    async stop() {
      await emulator.close();
    },
  };
}

/** The official client aimed at the stand-in, with credentials it can sign URLs with. */
export function clientFor(url: string, dataDir: string): Storage {
  // These tests start their own stand-in; the shared suite's STORAGE_EMULATOR_HOST would override apiEndpoint.
  delete process.env.STORAGE_EMULATOR_HOST;
  return new Storage({
    apiEndpoint: url,
    projectId: PROJECT,
    credentials: signingCredentials(dataDir),
    retryOptions: { maxRetries: 1 },
  });
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A pass-through proxy that records `METHOD path content-range` of every request. */
export async function recordingProxy(
  target: string,
): Promise<{ url: string; seen: string[]; server: Server }> {
  const seen: string[] = [];
  const t = new URL(target);
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers['content-range'] ?? ''}`.trim());
    const up = request(
      { host: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

/**
 * A stand-in with one bucket for a test file: started before its tests, stopped and its data removed after.
 * The fixture is read through the returned function (it exists only once the file's tests run).
 */
export function fixtureWithBucket(bucket: string): () => Fixture {
  let fx: Fixture | undefined;
  beforeAll(async () => {
    fx = await startFixture();
    await fx.storage.createBucket(bucket);
  });
  afterAll(async () => {
    await fx?.stop();
    if (fx) removeDir(fx.dataDir);
  });
  return () => {
    if (!fx) throw new Error('the storage fixture is used before its beforeAll ran');
    return fx;
  };
}
