import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32c } from './crc32c.ts';
import { LOCATION, removeDir, rpcError, startTestKms, type TestKms } from './kms-test-harness.ts';

let kms: TestKms;
beforeAll(async () => {
  kms = await startTestKms();
});
afterAll(async () => {
  await kms.stop();
  removeDir(kms.dataDir);
});

const generate = (lengthBytes: number, protectionLevel: 'HSM' | 'SOFTWARE' = 'HSM', location = LOCATION) =>
  kms.client.generateRandomBytes({ location, lengthBytes, protectionLevel });

describe('GenerateRandomBytes', () => {
  it('returns exactly the requested length at both bounds (8 and 1024) with its checksum', async () => {
    for (const n of [8, 32, 1024]) {
      const [res] = await generate(n);
      const data = Buffer.from(res.data as Uint8Array);
      expect(data).toHaveLength(n);
      expect(Number(res.dataCrc32c?.value)).toBe(crc32c(data));
    }
  });

  it('returns different bytes each call', async () => {
    const [a] = await generate(32);
    const [b] = await generate(32);
    expect(Buffer.from(a.data as Uint8Array).equals(Buffer.from(b.data as Uint8Array))).toBe(false);
  });

  it('rejects lengths outside 8..1024, a non-HSM protection level and a bad location with INVALID_ARGUMENT', async () => {
    for (const n of [0, 7, 1025]) expect((await rpcError(generate(n))).code).toBe(status.INVALID_ARGUMENT);
    expect((await rpcError(generate(16, 'SOFTWARE'))).code).toBe(status.INVALID_ARGUMENT);
    expect((await rpcError(generate(16, 'HSM', 'projects/p'))).code).toBe(status.INVALID_ARGUMENT);
  });
});
