import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCATION, newKeyRing, removeDir, rpcError, startTestKms, type TestKms } from './kms-test-harness.ts';

let kms: TestKms;
beforeAll(async () => {
  kms = await startTestKms();
});
afterAll(async () => {
  await kms.stop();
  removeDir(kms.dataDir);
});

describe('key rings', () => {
  it('creates, gets and lists key rings; a duplicate is ALREADY_EXISTS', async () => {
    const name = await newKeyRing(kms.client, 'rings-a');
    expect(name).toBe(`${LOCATION}/keyRings/rings-a`);
    const [got] = await kms.client.getKeyRing({ name });
    expect(got.name).toBe(name);
    expect(Number(got.createTime?.seconds)).toBeGreaterThan(0);

    const dup = await rpcError(kms.client.createKeyRing({ parent: LOCATION, keyRingId: 'rings-a' }));
    expect(dup.code).toBe(status.ALREADY_EXISTS);
    expect(dup.details).toContain(name);
  });

  it('lists across pages: the client follows next_page_token to the end', async () => {
    const parent = 'projects/saludtech-test/locations/us-central1';
    for (const id of ['p1', 'p2', 'p3']) await kms.client.createKeyRing({ parent, keyRingId: id });
    const all: string[] = [];
    for await (const ring of kms.client.listKeyRingsAsync({ parent, pageSize: 2 }, { autoPaginate: false }))
      all.push(ring.name as string);
    expect(all).toEqual(['p1', 'p2', 'p3'].map((id) => `${parent}/keyRings/${id}`));
    const [first, , response] = await kms.client.listKeyRings(
      { parent, pageSize: 2 },
      { autoPaginate: false },
    );
    expect(first).toHaveLength(2);
    expect(response?.nextPageToken).not.toBe('');
    expect(response?.totalSize).toBe(3);
  });

  it('answers NOT_FOUND for an unknown ring and INVALID_ARGUMENT for a malformed name or id', async () => {
    expect((await rpcError(kms.client.getKeyRing({ name: `${LOCATION}/keyRings/nope` }))).code).toBe(
      status.NOT_FOUND,
    );
    expect((await rpcError(kms.client.getKeyRing({ name: 'keyRings/nope' }))).code).toBe(
      status.INVALID_ARGUMENT,
    );
    const badId = await rpcError(
      kms.client.createKeyRing({ parent: LOCATION, keyRingId: 'no spaces allowed' }),
    );
    expect(badId.code).toBe(status.INVALID_ARGUMENT);
  });
});

describe('crypto keys', () => {
  it('creates an HSM ENCRYPT_DECRYPT key whose version 1 is primary and reports HSM', async () => {
    const ring = await newKeyRing(kms.client, 'keys-a');
    const [key] = await kms.client.createCryptoKey({
      parent: ring,
      cryptoKeyId: 'dicom',
      cryptoKey: {
        purpose: 'ENCRYPT_DECRYPT',
        versionTemplate: { protectionLevel: 'HSM' },
        labels: { team: 'img' },
      },
    });
    expect(key.name).toBe(`${ring}/cryptoKeys/dicom`);
    expect(key.purpose).toBe('ENCRYPT_DECRYPT');
    expect(key.labels).toEqual({ team: 'img' });
    expect(key.versionTemplate).toMatchObject({
      protectionLevel: 'HSM',
      algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION',
    });
    expect(key.primary).toMatchObject({
      name: `${key.name}/cryptoKeyVersions/1`,
      state: 'ENABLED',
      protectionLevel: 'HSM',
      algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION',
    });
    const [got] = await kms.client.getCryptoKey({ name: key.name as string });
    expect(got.primary?.name).toBe(key.primary?.name);
    const [keys] = await kms.client.listCryptoKeys({ parent: ring });
    expect(keys.map((k) => k.name)).toEqual([key.name]);
  });

  it('defaults to SOFTWARE, and MAC / ASYMMETRIC_SIGN keys have versions but no primary', async () => {
    const ring = await newKeyRing(kms.client, 'keys-b');
    const [soft] = await kms.client.createCryptoKey({
      parent: ring,
      cryptoKeyId: 'soft',
      cryptoKey: { purpose: 'ENCRYPT_DECRYPT' },
    });
    expect(soft.primary?.protectionLevel).toBe('SOFTWARE');
    const [mac] = await kms.client.createCryptoKey({
      parent: ring,
      cryptoKeyId: 'mac',
      cryptoKey: { purpose: 'MAC', versionTemplate: { algorithm: 'HMAC_SHA256', protectionLevel: 'HSM' } },
    });
    expect(mac.purpose).toBe('MAC');
    expect(mac.primary).toBeNull();
    const [versions] = await kms.client.listCryptoKeyVersions({ parent: mac.name as string });
    expect(versions.map((v) => [v.algorithm, v.protectionLevel, v.state])).toEqual([
      ['HMAC_SHA256', 'HSM', 'ENABLED'],
    ]);
  });

  it('rejects a missing purpose, a mismatched algorithm, a duplicate and an unknown ring', async () => {
    const ring = await newKeyRing(kms.client, 'keys-c');
    const create = (cryptoKeyId: string, cryptoKey: object, parent = ring) =>
      kms.client.createCryptoKey({ parent, cryptoKeyId, cryptoKey });
    expect((await rpcError(create('a', {}))).code).toBe(status.INVALID_ARGUMENT);
    expect((await rpcError(create('b', { purpose: 'MAC' }))).code).toBe(status.INVALID_ARGUMENT);
    const mismatch = await rpcError(
      create('c', { purpose: 'ASYMMETRIC_SIGN', versionTemplate: { algorithm: 'HMAC_SHA256' } }),
    );
    expect(mismatch.code).toBe(status.INVALID_ARGUMENT);
    await create('d', { purpose: 'ENCRYPT_DECRYPT' });
    expect((await rpcError(create('d', { purpose: 'ENCRYPT_DECRYPT' }))).code).toBe(status.ALREADY_EXISTS);
    const noRing = await rpcError(
      create('e', { purpose: 'ENCRYPT_DECRYPT' }, `${LOCATION}/keyRings/missing`),
    );
    expect(noRing.code).toBe(status.NOT_FOUND);
    // Real algorithms the stand-in does not implement fail loudly rather than pretending.
    const rsa = await rpcError(
      create('f', { purpose: 'ASYMMETRIC_SIGN', versionTemplate: { algorithm: 'RSA_SIGN_PSS_2048_SHA256' } }),
    );
    expect(rsa.code).toBe(status.UNIMPLEMENTED);
  });
});

describe('crypto key versions', () => {
  it('creates versions that do not become primary until UpdateCryptoKeyPrimaryVersion', async () => {
    const ring = await newKeyRing(kms.client, 'versions-a');
    const [key] = await kms.client.createCryptoKey({
      parent: ring,
      cryptoKeyId: 'k',
      cryptoKey: { purpose: 'ENCRYPT_DECRYPT', versionTemplate: { protectionLevel: 'HSM' } },
    });
    const keyName = key.name as string;
    const [v2] = await kms.client.createCryptoKeyVersion({ parent: keyName, cryptoKeyVersion: {} });
    expect(v2).toMatchObject({
      name: `${keyName}/cryptoKeyVersions/2`,
      state: 'ENABLED',
      protectionLevel: 'HSM',
    });
    expect((await kms.client.getCryptoKey({ name: keyName }))[0].primary?.name).toBe(
      `${keyName}/cryptoKeyVersions/1`,
    );

    const [rotated] = await kms.client.updateCryptoKeyPrimaryVersion({
      name: keyName,
      cryptoKeyVersionId: '2',
    });
    expect(rotated.primary?.name).toBe(v2.name);
    const [got] = await kms.client.getCryptoKeyVersion({ name: v2.name as string });
    expect(got.state).toBe('ENABLED');
    const [versions] = await kms.client.listCryptoKeyVersions({ parent: keyName });
    expect(versions.map((v) => v.name?.split('/').pop())).toEqual(['1', '2']);

    const missing = await rpcError(
      kms.client.updateCryptoKeyPrimaryVersion({ name: keyName, cryptoKeyVersionId: '9' }),
    );
    expect(missing.code).toBe(status.NOT_FOUND);
  });

  it('disables and re-enables a version; a disabled version cannot become primary', async () => {
    const ring = await newKeyRing(kms.client, 'versions-b');
    const [key] = await kms.client.createCryptoKey({
      parent: ring,
      cryptoKeyId: 'k',
      cryptoKey: { purpose: 'ENCRYPT_DECRYPT' },
    });
    const [v2] = await kms.client.createCryptoKeyVersion({
      parent: key.name as string,
      cryptoKeyVersion: {},
    });
    const setState = (state: 'ENABLED' | 'DISABLED' | 'DESTROYED') =>
      kms.client.updateCryptoKeyVersion({
        cryptoKeyVersion: { name: v2.name, state },
        updateMask: { paths: ['state'] },
      });
    expect((await setState('DISABLED'))[0].state).toBe('DISABLED');
    const notEnabled = await rpcError(
      kms.client.updateCryptoKeyPrimaryVersion({ name: key.name as string, cryptoKeyVersionId: '2' }),
    );
    expect(notEnabled.code).toBe(status.FAILED_PRECONDITION);
    expect(notEnabled.details).toContain('current state is: DISABLED');
    expect((await setState('ENABLED'))[0].state).toBe('ENABLED');
    expect((await rpcError(setState('DESTROYED'))).code).toBe(status.INVALID_ARGUMENT);
    const noMask = await rpcError(
      kms.client.updateCryptoKeyVersion({ cryptoKeyVersion: { name: v2.name, state: 'DISABLED' } }),
    );
    expect(noMask.code).toBe(status.INVALID_ARGUMENT);
  });

  it('schedules destruction, restores to DISABLED, and refuses to touch a scheduled version', async () => {
    const ring = await newKeyRing(kms.client, 'versions-c');
    const [key] = await kms.client.createCryptoKey({
      parent: ring,
      cryptoKeyId: 'k',
      cryptoKey: { purpose: 'ENCRYPT_DECRYPT' },
    });
    const v1 = key.primary?.name as string;
    const before = Date.now() / 1000;
    const [scheduled] = await kms.client.destroyCryptoKeyVersion({ name: v1 });
    expect(scheduled.state).toBe('DESTROY_SCHEDULED');
    // Default schedule: 30 days.
    expect(Number(scheduled.destroyTime?.seconds) - before).toBeGreaterThan(30 * 86400 - 60);
    const enable = await rpcError(
      kms.client.updateCryptoKeyVersion({
        cryptoKeyVersion: { name: v1, state: 'ENABLED' },
        updateMask: { paths: ['state'] },
      }),
    );
    expect(enable.code).toBe(status.FAILED_PRECONDITION);
    expect((await rpcError(kms.client.destroyCryptoKeyVersion({ name: v1 }))).code).toBe(
      status.FAILED_PRECONDITION,
    );

    const [restored] = await kms.client.restoreCryptoKeyVersion({ name: v1 });
    expect(restored.state).toBe('DISABLED');
    expect(restored.destroyTime).toBeNull();
    expect((await rpcError(kms.client.restoreCryptoKeyVersion({ name: v1 }))).code).toBe(
      status.FAILED_PRECONDITION,
    );
  });

  it('becomes DESTROYED (material gone) once destroy_scheduled_duration has passed', async () => {
    const ring = await newKeyRing(kms.client, 'versions-d');
    const [key] = await kms.client.createCryptoKey({
      parent: ring,
      cryptoKeyId: 'k',
      cryptoKey: { purpose: 'ENCRYPT_DECRYPT', destroyScheduledDuration: { seconds: 0 } },
    });
    const [destroyed] = await kms.client.destroyCryptoKeyVersion({ name: key.primary?.name as string });
    expect(destroyed.state).toBe('DESTROYED');
    expect(destroyed.destroyEventTime).not.toBeNull();
    expect(
      (await rpcError(kms.client.restoreCryptoKeyVersion({ name: destroyed.name as string }))).code,
    ).toBe(status.FAILED_PRECONDITION);
  });

  it('answers NOT_FOUND for unknown keys and versions', async () => {
    const ring = await newKeyRing(kms.client, 'versions-e');
    const missingKey = await rpcError(kms.client.getCryptoKey({ name: `${ring}/cryptoKeys/none` }));
    expect(missingKey).toEqual({
      code: status.NOT_FOUND,
      details: `CryptoKey ${ring}/cryptoKeys/none not found.`,
    });
    const [key] = await kms.client.createCryptoKey({
      parent: ring,
      cryptoKeyId: 'k',
      cryptoKey: { purpose: 'ENCRYPT_DECRYPT' },
    });
    const v = `${key.name}/cryptoKeyVersions/5`;
    expect((await rpcError(kms.client.getCryptoKeyVersion({ name: v }))).code).toBe(status.NOT_FOUND);
    expect((await rpcError(kms.client.destroyCryptoKeyVersion({ name: v }))).code).toBe(status.NOT_FOUND);
    expect(
      (await rpcError(kms.client.listCryptoKeyVersions({ parent: `${ring}/cryptoKeys/none` }))).code,
    ).toBe(status.NOT_FOUND);
  });
});
