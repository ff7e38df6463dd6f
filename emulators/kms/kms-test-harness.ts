/** Test support: a stand-in on a free port with a temp data dir, and the official client pointed at it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyManagementServiceClient } from '@google-cloud/kms';
import { createKmsClient } from '../../functions/platform/kms-client.ts';
import { type KmsEmulator, startKmsEmulator } from './kms-server.ts';

export const LOCATION = 'projects/saludtech-test/locations/global';

export interface TestKms {
  emulator: KmsEmulator;
  client: KeyManagementServiceClient;
  dataDir: string;
  /** Closes client and server; the data dir is kept so a restart can reuse it. */
  stop(): Promise<void>;
}

export const tempDataDir = (): string => mkdtempSync(join(tmpdir(), 'kms-standin-'));
export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

export async function startTestKms(dataDir = tempDataDir()): Promise<TestKms> {
  const emulator = await startKmsEmulator({ port: 0, dataDir });
  const client = createKmsClient({ KMS_EMULATOR_HOST: emulator.address });
  return {
    emulator,
    client,
    dataDir,
    stop: async () => {
      await client.close();
      await emulator.close();
    },
  };
}

/** The gRPC status code and message of a failed call (the test fails if the call succeeds). */
export async function rpcError(call: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await call;
  } catch (err) {
    const e = err as { code?: number; details?: string };
    return { code: e.code ?? -1, details: e.details ?? String(err) };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Creates a key ring with a unique id; returns its name. */
export async function newKeyRing(client: KeyManagementServiceClient, id: string): Promise<string> {
  const [ring] = await client.createKeyRing({ parent: LOCATION, keyRingId: id });
  return ring.name as string;
}
