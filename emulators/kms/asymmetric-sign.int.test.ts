import { createHash, createPublicKey, verify } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32c } from './crc32c.ts';
import { newKeyRing, removeDir, rpcError, startTestKms, type TestKms } from './kms-test-harness.ts';

let kms: TestKms;
let ring: string;
let version: string;
let pem: string;

beforeAll(async () => {
  kms = await startTestKms();
  ring = await newKeyRing(kms.client, 'signing');
  const [key] = await kms.client.createCryptoKey({
    parent: ring,
    cryptoKeyId: 'ec',
    cryptoKey: {
      purpose: 'ASYMMETRIC_SIGN',
      versionTemplate: { algorithm: 'EC_SIGN_P256_SHA256', protectionLevel: 'HSM' },
    },
  });
  version = `${key.name}/cryptoKeyVersions/1`;
  pem = (await kms.client.getPublicKey({ name: version }))[0].pem as string;
});
afterAll(async () => {
  await kms.stop();
  removeDir(kms.dataDir);
});

const manifest = Buffer.from('manifest: 3 series, 412 instances');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();

describe('GetPublicKey', () => {
  it('returns a P-256 SPKI PEM with its checksum, algorithm and protection level', async () => {
    const [res] = await kms.client.getPublicKey({ name: version });
    expect(res.pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(Number(res.pemCrc32c?.value)).toBe(crc32c(Buffer.from(res.pem as string)));
    expect(res).toMatchObject({ name: version, algorithm: 'EC_SIGN_P256_SHA256', protectionLevel: 'HSM' });
    expect(createPublicKey(res.pem as string).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('returns DER on request, the same key as the PEM', async () => {
    const [res] = await kms.client.getPublicKey({ name: version, publicKeyFormat: 'DER' });
    const der = Buffer.from(res.publicKey?.data as Uint8Array);
    expect(Number(res.publicKey?.crc32cChecksum?.value)).toBe(crc32c(der));
    expect(
      createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }),
    ).toBe(pem);
  });
});

describe('AsymmetricSign (EC_SIGN_P256_SHA256)', () => {
  it('signs a SHA-256 digest; the DER signature verifies with node crypto against the public key', async () => {
    const digest = sha256(manifest);
    const [res] = await kms.client.asymmetricSign({ name: version, digest: { sha256: digest } });
    const signature = Buffer.from(res.signature as Uint8Array);
    expect(res).toMatchObject({ name: version, protectionLevel: 'HSM', verifiedDigestCrc32c: false });
    expect(signature[0]).toBe(0x30); // DER SEQUENCE
    expect(verify('sha256', manifest, pem, signature)).toBe(true);
    expect(verify('sha256', Buffer.from('forged'), pem, signature)).toBe(false);
  });

  it('signs raw data (hashed by the service) too', async () => {
    const [res] = await kms.client.asymmetricSign({ name: version, data: manifest });
    expect(verify('sha256', manifest, pem, Buffer.from(res.signature as Uint8Array))).toBe(true);
  });

  it('honours CRC32C on digest and data, and checksums the signature', async () => {
    const digest = sha256(manifest);
    const [res] = await kms.client.asymmetricSign({
      name: version,
      digest: { sha256: digest },
      digestCrc32c: { value: crc32c(digest) },
    });
    expect(res.verifiedDigestCrc32c).toBe(true);
    expect(Number(res.signatureCrc32c?.value)).toBe(crc32c(Buffer.from(res.signature as Uint8Array)));
    const [viaData] = await kms.client.asymmetricSign({
      name: version,
      data: manifest,
      dataCrc32c: { value: crc32c(manifest) },
    });
    expect(viaData.verifiedDataCrc32c).toBe(true);
    const bad = await rpcError(
      kms.client.asymmetricSign({ name: version, digest: { sha256: digest }, digestCrc32c: { value: 1 } }),
    );
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
  });

  it('rejects the wrong digest kind or length, both or neither inputs, and the wrong purpose', async () => {
    const sign = (req: object) => kms.client.asymmetricSign({ name: version, ...req });
    expect((await rpcError(sign({ digest: { sha384: Buffer.alloc(48) } }))).code).toBe(
      status.INVALID_ARGUMENT,
    );
    expect((await rpcError(sign({ digest: { sha256: Buffer.alloc(31) } }))).code).toBe(
      status.INVALID_ARGUMENT,
    );
    expect((await rpcError(sign({ digest: { sha256: Buffer.alloc(32) }, data: manifest }))).code).toBe(
      status.INVALID_ARGUMENT,
    );
    expect((await rpcError(sign({}))).code).toBe(status.INVALID_ARGUMENT);
    const [aes] = await kms.client.createCryptoKey({
      parent: ring,
      cryptoKeyId: 'aes',
      cryptoKey: { purpose: 'ENCRYPT_DECRYPT' },
    });
    const aesVersion = `${aes.name}/cryptoKeyVersions/1`;
    expect((await rpcError(kms.client.asymmetricSign({ name: aesVersion, data: manifest }))).code).toBe(
      status.INVALID_ARGUMENT,
    );
    expect((await rpcError(kms.client.getPublicKey({ name: aesVersion }))).code).toBe(
      status.INVALID_ARGUMENT,
    );
  });

  it('refuses a disabled version (FAILED_PRECONDITION) and an unknown one (NOT_FOUND)', async () => {
    const keyName = version.replace(/\/cryptoKeyVersions\/1$/, '');
    const [v2] = await kms.client.createCryptoKeyVersion({ parent: keyName, cryptoKeyVersion: {} });
    const v2pem = (await kms.client.getPublicKey({ name: v2.name }))[0].pem;
    expect(v2pem).not.toBe(pem);
    await kms.client.updateCryptoKeyVersion({
      cryptoKeyVersion: { name: v2.name, state: 'DISABLED' },
      updateMask: { paths: ['state'] },
    });
    expect((await rpcError(kms.client.asymmetricSign({ name: v2.name, data: manifest }))).code).toBe(
      status.FAILED_PRECONDITION,
    );
    expect((await rpcError(kms.client.getPublicKey({ name: v2.name }))).code).toBe(
      status.FAILED_PRECONDITION,
    );
    expect((await rpcError(kms.client.getPublicKey({ name: `${keyName}/cryptoKeyVersions/42` }))).code).toBe(
      status.NOT_FOUND,
    );
  });

  it('also implements EC_SIGN_P384_SHA384 over a SHA-384 digest', async () => {
    const [key] = await kms.client.createCryptoKey({
      parent: ring,
      cryptoKeyId: 'ec384',
      cryptoKey: { purpose: 'ASYMMETRIC_SIGN', versionTemplate: { algorithm: 'EC_SIGN_P384_SHA384' } },
    });
    const name = `${key.name}/cryptoKeyVersions/1`;
    const [pub] = await kms.client.getPublicKey({ name });
    const digest = createHash('sha384').update(manifest).digest();
    const [res] = await kms.client.asymmetricSign({ name, digest: { sha384: digest } });
    expect(verify('sha384', manifest, pub.pem as string, Buffer.from(res.signature as Uint8Array))).toBe(
      true,
    );
  });
});
