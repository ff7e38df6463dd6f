import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32c } from './crc32c.ts';
import { newKeyRing, removeDir, rpcError, startTestKms, type TestKms } from './kms-test-harness.ts';

let kms: TestKms;
let ring: string;
let version: string;

beforeAll(async () => {
  kms = await startTestKms();
  ring = await newKeyRing(kms.client, 'mac');
  const [key] = await kms.client.createCryptoKey({
    parent: ring,
    cryptoKeyId: 'hmac',
    cryptoKey: { purpose: 'MAC', versionTemplate: { algorithm: 'HMAC_SHA256', protectionLevel: 'HSM' } },
  });
  version = `${key.name}/cryptoKeyVersions/1`;
});
afterAll(async () => {
  await kms.stop();
  removeDir(kms.dataDir);
});

const data = Buffer.from('{"studyId":"1.2.3","patient":"pseudonym-42"}');

async function sign(payload = data): Promise<Buffer> {
  const [res] = await kms.client.macSign({ name: version, data: payload });
  return Buffer.from(res.mac as Uint8Array);
}
async function verify(mac: Buffer, payload = data): Promise<boolean> {
  const [res] = await kms.client.macVerify({ name: version, data: payload, mac });
  return res.success as boolean;
}

describe('MacSign / MacVerify (HMAC_SHA256)', () => {
  it('signs with a 32-byte, deterministic MAC that verifies', async () => {
    const [res] = await kms.client.macSign({ name: version, data });
    const mac = Buffer.from(res.mac as Uint8Array);
    expect(res.name).toBe(version);
    expect(res.protectionLevel).toBe('HSM');
    expect(mac).toHaveLength(32);
    expect(await sign()).toEqual(mac);
    expect(await verify(mac)).toBe(true);
  });

  it('verifies false (not an error) for tampered data or a tampered MAC', async () => {
    const mac = await sign();
    expect(await verify(mac, Buffer.from(data.toString().replace('42', '43')))).toBe(false);
    const flipped = Buffer.from(mac);
    flipped[0] = (flipped[0] as number) ^ 0x80;
    expect(await verify(flipped)).toBe(false);
    expect(await verify(mac.subarray(0, 16))).toBe(false);
  });

  it('honours CRC32C: verified flags, response checksum, and INVALID_ARGUMENT on mismatch', async () => {
    const [signed] = await kms.client.macSign({ name: version, data, dataCrc32c: { value: crc32c(data) } });
    const mac = Buffer.from(signed.mac as Uint8Array);
    expect(signed.verifiedDataCrc32c).toBe(true);
    expect(Number(signed.macCrc32c?.value)).toBe(crc32c(mac));
    const [verified] = await kms.client.macVerify({
      name: version,
      data,
      dataCrc32c: { value: crc32c(data) },
      mac,
      macCrc32c: { value: crc32c(mac) },
    });
    expect(verified).toMatchObject({ success: true, verifiedDataCrc32c: true, verifiedMacCrc32c: true });
    const bad = await rpcError(
      kms.client.macSign({ name: version, data, dataCrc32c: { value: crc32c(data) + 1 } }),
    );
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
    const badMac = await rpcError(
      kms.client.macVerify({ name: version, data, mac, macCrc32c: { value: 7 } }),
    );
    expect(badMac.code).toBe(status.INVALID_ARGUMENT);
  });

  it('needs an enabled MAC key version: key name, wrong purpose, disabled and unknown are refused', async () => {
    const keyName = version.replace(/\/cryptoKeyVersions\/1$/, '');
    expect((await rpcError(kms.client.macSign({ name: keyName, data }))).code).toBe(status.INVALID_ARGUMENT);
    const [aes] = await kms.client.createCryptoKey({
      parent: ring,
      cryptoKeyId: 'aes',
      cryptoKey: { purpose: 'ENCRYPT_DECRYPT' },
    });
    const wrong = await rpcError(kms.client.macSign({ name: `${aes.name}/cryptoKeyVersions/1`, data }));
    expect(wrong.code).toBe(status.INVALID_ARGUMENT);
    expect((await rpcError(kms.client.macSign({ name: `${keyName}/cryptoKeyVersions/9`, data }))).code).toBe(
      status.NOT_FOUND,
    );

    const [v2] = await kms.client.createCryptoKeyVersion({ parent: keyName, cryptoKeyVersion: {} });
    const mac = Buffer.from((await kms.client.macSign({ name: v2.name, data }))[0].mac as Uint8Array);
    expect(mac.equals(await sign())).toBe(false); // a new version is a new secret
    await kms.client.updateCryptoKeyVersion({
      cryptoKeyVersion: { name: v2.name, state: 'DISABLED' },
      updateMask: { paths: ['state'] },
    });
    expect((await rpcError(kms.client.macVerify({ name: v2.name, data, mac }))).code).toBe(
      status.FAILED_PRECONDITION,
    );
  });
});
