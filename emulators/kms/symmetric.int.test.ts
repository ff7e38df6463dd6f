import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32c } from './crc32c.ts';
import { newKeyRing, removeDir, rpcError, startTestKms, type TestKms } from './kms-test-harness.ts';

let kms: TestKms;
let ring: string;
let counter = 0;

beforeAll(async () => {
  kms = await startTestKms();
  ring = await newKeyRing(kms.client, 'symmetric');
});
afterAll(async () => {
  await kms.stop();
  removeDir(kms.dataDir);
});

async function newKey(protectionLevel: 'SOFTWARE' | 'HSM' = 'SOFTWARE'): Promise<string> {
  const [key] = await kms.client.createCryptoKey({
    parent: ring,
    cryptoKeyId: `k${++counter}`,
    cryptoKey: { purpose: 'ENCRYPT_DECRYPT', versionTemplate: { protectionLevel } },
  });
  return key.name as string;
}

const aad = Buffer.from('study/1.2.840.10008');
const plaintext = Buffer.from('de-identified DICOM bytes');

async function encrypt(name: string, data = plaintext, withAad = aad): Promise<Buffer> {
  const [res] = await kms.client.encrypt({ name, plaintext: data, additionalAuthenticatedData: withAad });
  return Buffer.from(res.ciphertext as Uint8Array);
}
async function decrypt(name: string, ciphertext: Buffer, withAad = aad): Promise<Buffer> {
  const [res] = await kms.client.decrypt({ name, ciphertext, additionalAuthenticatedData: withAad });
  return Buffer.from(res.plaintext as Uint8Array);
}
const disable = (name: string) =>
  kms.client.updateCryptoKeyVersion({
    cryptoKeyVersion: { name, state: 'DISABLED' },
    updateMask: { paths: ['state'] },
  });

describe('Encrypt / Decrypt', () => {
  it('round-trips with AAD; Encrypt names the version used and reports the protection level', async () => {
    const key = await newKey('HSM');
    const [res] = await kms.client.encrypt({ name: key, plaintext, additionalAuthenticatedData: aad });
    expect(res.name).toBe(`${key}/cryptoKeyVersions/1`);
    expect(res.protectionLevel).toBe('HSM');
    const ciphertext = Buffer.from(res.ciphertext as Uint8Array);
    expect(ciphertext.includes(plaintext)).toBe(false);
    const [dec] = await kms.client.decrypt({ name: key, ciphertext, additionalAuthenticatedData: aad });
    expect(Buffer.from(dec.plaintext as Uint8Array)).toEqual(plaintext);
    expect(dec.usedPrimary).toBe(true);
    expect(dec.protectionLevel).toBe('HSM');
  });

  it('after rotation encrypts with the new primary and still decrypts old ciphertexts', async () => {
    const key = await newKey();
    const old = await encrypt(key);
    await kms.client.createCryptoKeyVersion({ parent: key, cryptoKeyVersion: {} });
    await kms.client.updateCryptoKeyPrimaryVersion({ name: key, cryptoKeyVersionId: '2' });
    const [fresh] = await kms.client.encrypt({ name: key, plaintext, additionalAuthenticatedData: aad });
    expect(fresh.name).toBe(`${key}/cryptoKeyVersions/2`);
    const [dec] = await kms.client.decrypt({ name: key, ciphertext: old, additionalAuthenticatedData: aad });
    expect(Buffer.from(dec.plaintext as Uint8Array)).toEqual(plaintext);
    expect(dec.usedPrimary).toBe(false);
  });

  it('can encrypt with a named non-primary version', async () => {
    const key = await newKey();
    await kms.client.createCryptoKeyVersion({ parent: key, cryptoKeyVersion: {} });
    const [res] = await kms.client.encrypt({ name: `${key}/cryptoKeyVersions/2`, plaintext });
    expect(res.name).toBe(`${key}/cryptoKeyVersions/2`);
    expect(await decrypt(key, Buffer.from(res.ciphertext as Uint8Array), Buffer.alloc(0))).toEqual(plaintext);
  });

  it("rejects a wrong AAD, a tampered ciphertext and another key's ciphertext as INVALID_ARGUMENT", async () => {
    const key = await newKey();
    const other = await newKey();
    const ciphertext = await encrypt(key);
    const wrongAad = await rpcError(decrypt(key, ciphertext, Buffer.from('another study')));
    expect(wrongAad).toEqual({
      code: status.INVALID_ARGUMENT,
      details: 'Decryption failed: the ciphertext is invalid.',
    });
    const tampered = Buffer.from(ciphertext);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    expect((await rpcError(decrypt(key, tampered))).code).toBe(status.INVALID_ARGUMENT);
    expect((await rpcError(decrypt(other, ciphertext))).code).toBe(status.INVALID_ARGUMENT);
    expect((await rpcError(decrypt(key, Buffer.from('garbage')))).code).toBe(status.INVALID_ARGUMENT);
  });

  it('refuses a disabled or destroy-scheduled version with FAILED_PRECONDITION, and works again once enabled', async () => {
    const key = await newKey();
    const v1 = `${key}/cryptoKeyVersions/1`;
    const ciphertext = await encrypt(key);
    await disable(v1);
    const enc = await rpcError(encrypt(key));
    expect(enc).toEqual({
      code: status.FAILED_PRECONDITION,
      details: `${v1} is not enabled, current state is: DISABLED.`,
    });
    expect((await rpcError(decrypt(key, ciphertext))).code).toBe(status.FAILED_PRECONDITION);
    await kms.client.updateCryptoKeyVersion({
      cryptoKeyVersion: { name: v1, state: 'ENABLED' },
      updateMask: { paths: ['state'] },
    });
    expect(await decrypt(key, ciphertext)).toEqual(plaintext);

    await kms.client.destroyCryptoKeyVersion({ name: v1 });
    const scheduled = await rpcError(decrypt(key, ciphertext));
    expect(scheduled.code).toBe(status.FAILED_PRECONDITION);
    expect(scheduled.details).toContain('DESTROY_SCHEDULED');
    expect((await rpcError(encrypt(key))).code).toBe(status.FAILED_PRECONDITION);
  });

  it('cannot decrypt anything under a DESTROYED version', async () => {
    const [created] = await kms.client.createCryptoKey({
      parent: ring,
      cryptoKeyId: `k${++counter}`,
      cryptoKey: { purpose: 'ENCRYPT_DECRYPT', destroyScheduledDuration: { seconds: 0 } },
    });
    const key = created.name as string;
    const ciphertext = await encrypt(key);
    await kms.client.destroyCryptoKeyVersion({ name: `${key}/cryptoKeyVersions/1` });
    const err = await rpcError(decrypt(key, ciphertext));
    expect(err).toMatchObject({ code: status.FAILED_PRECONDITION });
    expect(err.details).toContain('DESTROYED');
  });

  it('answers NOT_FOUND for an unknown key and INVALID_ARGUMENT for bad input or the wrong purpose', async () => {
    const missing = await rpcError(encrypt(`${ring}/cryptoKeys/none`));
    expect(missing.code).toBe(status.NOT_FOUND);
    const key = await newKey();
    expect((await rpcError(encrypt(key, Buffer.alloc(64 * 1024 + 1)))).code).toBe(status.INVALID_ARGUMENT);
    expect((await rpcError(encrypt(key, Buffer.alloc(0)))).code).toBe(status.INVALID_ARGUMENT);
    // Decrypt takes the key, not a version.
    expect((await rpcError(decrypt(`${key}/cryptoKeyVersions/1`, await encrypt(key)))).code).toBe(
      status.INVALID_ARGUMENT,
    );
    const [mac] = await kms.client.createCryptoKey({
      parent: ring,
      cryptoKeyId: `k${++counter}`,
      cryptoKey: { purpose: 'MAC', versionTemplate: { algorithm: 'HMAC_SHA256' } },
    });
    const wrongPurpose = await rpcError(encrypt(mac.name as string));
    expect(wrongPurpose.code).toBe(status.INVALID_ARGUMENT);
    expect(wrongPurpose.details).toContain('ENCRYPT_DECRYPT');
  });
});

describe('CRC32C integrity on Encrypt / Decrypt', () => {
  it('sets verified_* flags when request checksums match and returns correct response checksums', async () => {
    const key = await newKey();
    const [enc] = await kms.client.encrypt({
      name: key,
      plaintext,
      plaintextCrc32c: { value: crc32c(plaintext) },
      additionalAuthenticatedData: aad,
      additionalAuthenticatedDataCrc32c: { value: crc32c(aad) },
    });
    expect(enc.verifiedPlaintextCrc32c).toBe(true);
    expect(enc.verifiedAdditionalAuthenticatedDataCrc32c).toBe(true);
    const ciphertext = Buffer.from(enc.ciphertext as Uint8Array);
    expect(Number(enc.ciphertextCrc32c?.value)).toBe(crc32c(ciphertext));

    const [dec] = await kms.client.decrypt({
      name: key,
      ciphertext,
      ciphertextCrc32c: { value: crc32c(ciphertext) },
      additionalAuthenticatedData: aad,
    });
    expect(Number(dec.plaintextCrc32c?.value)).toBe(crc32c(plaintext));
  });

  it('leaves verified_* false when no checksum is sent', async () => {
    const [enc] = await kms.client.encrypt({ name: await newKey(), plaintext });
    expect(enc.verifiedPlaintextCrc32c).toBe(false);
    expect(enc.verifiedAdditionalAuthenticatedDataCrc32c).toBe(false);
  });

  it('rejects mismatched plaintext, AAD and ciphertext checksums with INVALID_ARGUMENT', async () => {
    const key = await newKey();
    const badPlain = await rpcError(
      kms.client.encrypt({ name: key, plaintext, plaintextCrc32c: { value: crc32c(plaintext) ^ 1 } }),
    );
    expect(badPlain).toEqual({
      code: status.INVALID_ARGUMENT,
      details: 'The checksum in field plaintext_crc32c did not match the data in field plaintext.',
    });
    const badAad = await rpcError(
      kms.client.encrypt({
        name: key,
        plaintext,
        additionalAuthenticatedData: aad,
        additionalAuthenticatedDataCrc32c: { value: 0 },
      }),
    );
    expect(badAad.code).toBe(status.INVALID_ARGUMENT);
    const ciphertext = await encrypt(key);
    const badCt = await rpcError(
      kms.client.decrypt({
        name: key,
        ciphertext,
        additionalAuthenticatedData: aad,
        ciphertextCrc32c: { value: 12345 },
      }),
    );
    expect(badCt.code).toBe(status.INVALID_ARGUMENT);
    expect(badCt.details).toContain('ciphertext_crc32c');
  });
});
