import { spawn } from 'node:child_process';
import { verify } from 'node:crypto';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { kmsReady, startKmsEmulator } from './kms-server.ts';
import { STATE_FILE } from './kms-state.ts';
import { newKeyRing, removeDir, startTestKms, tempDataDir } from './kms-test-harness.ts';

const dirs: string[] = [];
const dir = () => {
  const d = tempDataDir();
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) removeDir(d);
});

describe('persistence', () => {
  it('keeps rings, keys, versions, primaries and key material across a restart on the same data dir', async () => {
    const dataDir = dir();
    const first = await startTestKms(dataDir);
    const ring = await newKeyRing(first.client, 'persist');
    const [aes] = await first.client.createCryptoKey({
      parent: ring,
      cryptoKeyId: 'aes',
      cryptoKey: { purpose: 'ENCRYPT_DECRYPT' },
    });
    const aesName = aes.name as string;
    const [ct] = await first.client.encrypt({
      name: aesName,
      plaintext: Buffer.from('survives'),
      additionalAuthenticatedData: Buffer.from('x'),
    });
    await first.client.createCryptoKeyVersion({ parent: aesName, cryptoKeyVersion: {} });
    await first.client.updateCryptoKeyPrimaryVersion({ name: aesName, cryptoKeyVersionId: '2' });
    const [mac] = await first.client.createCryptoKey({
      parent: ring,
      cryptoKeyId: 'mac',
      cryptoKey: { purpose: 'MAC', versionTemplate: { algorithm: 'HMAC_SHA256' } },
    });
    const macVersion = `${mac.name}/cryptoKeyVersions/1`;
    const [signed] = await first.client.macSign({ name: macVersion, data: Buffer.from('d') });
    const [ec] = await first.client.createCryptoKey({
      parent: ring,
      cryptoKeyId: 'ec',
      cryptoKey: {
        purpose: 'ASYMMETRIC_SIGN',
        versionTemplate: { algorithm: 'EC_SIGN_P256_SHA256', protectionLevel: 'HSM' },
      },
    });
    const ecVersion = `${ec.name}/cryptoKeyVersions/1`;
    const [pub] = await first.client.getPublicKey({ name: ecVersion });
    await first.stop();

    const second = await startTestKms(dataDir);
    try {
      expect((await second.client.getCryptoKey({ name: aesName }))[0].primary?.name).toBe(
        `${aesName}/cryptoKeyVersions/2`,
      );
      const [dec] = await second.client.decrypt({
        name: aesName,
        ciphertext: ct.ciphertext,
        additionalAuthenticatedData: Buffer.from('x'),
      });
      expect(Buffer.from(dec.plaintext as Uint8Array).toString()).toBe('survives');
      const [verified] = await second.client.macVerify({
        name: macVersion,
        data: Buffer.from('d'),
        mac: signed.mac,
      });
      expect(verified.success).toBe(true);
      const [pub2] = await second.client.getPublicKey({ name: ecVersion });
      expect(pub2.pem).toBe(pub.pem);
      expect(pub2.protectionLevel).toBe('HSM');
      const [sig] = await second.client.asymmetricSign({ name: ecVersion, data: Buffer.from('m') });
      expect(
        verify('sha256', Buffer.from('m'), pub.pem as string, Buffer.from(sig.signature as Uint8Array)),
      ).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('writes the state file with mode 0600 and leaves no temp files behind', async () => {
    const dataDir = dir();
    const kms = await startTestKms(dataDir);
    await newKeyRing(kms.client, 'mode');
    await kms.stop();
    expect(statSync(join(dataDir, STATE_FILE)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir)).toEqual([STATE_FILE]);
  });

  it('refuses to start on a corrupt state file instead of silently starting empty', async () => {
    const dataDir = dir();
    writeFileSync(join(dataDir, STATE_FILE), JSON.stringify({ format: 1, keyRings: 'nope' }), {
      mode: 0o600,
    });
    await expect(startKmsEmulator({ port: 0, dataDir })).rejects.toThrow(
      /not a valid KMS stand-in state file/,
    );
  });

  it('refuses to listen on a non-loopback address', async () => {
    await expect(startKmsEmulator({ port: 0, host: '0.0.0.0', dataDir: dir() })).rejects.toThrow(/loopback/);
  });
});

describe('kmsReady', () => {
  it('is true for a running stand-in and false once it has closed', async () => {
    const emulator = await startKmsEmulator({ port: 0, dataDir: dir() });
    expect(await kmsReady(emulator.address)).toBe(true);
    await emulator.close();
    expect(await kmsReady(emulator.address, 300)).toBe(false);
  });
});

describe('main.ts process', () => {
  it('prints the ready line, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'emulators/kms/main.ts', '--port', '0', '--data-dir', dir()],
      {
        cwd: join(import.meta.dirname, '..', '..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout });
    const first: string = await new Promise((resolve) => lines.once('line', resolve));
    const m = /^kms emulator listening on (127\.0\.0\.1:\d+)$/.exec(first);
    expect(m).not.toBeNull();
    expect(await kmsReady(m?.[1] as string)).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
