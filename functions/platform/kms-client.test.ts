import { KeyManagementServiceClient } from '@google-cloud/kms';
import { describe, expect, it } from 'vitest';
import { createKmsClient, parseEmulatorHost } from './kms-client.ts';

describe('parseEmulatorHost', () => {
  it('splits host:port', () => {
    expect(parseEmulatorHost('127.0.0.1:9299')).toEqual({ host: '127.0.0.1', port: 9299 });
    expect(parseEmulatorHost('localhost:1')).toEqual({ host: 'localhost', port: 1 });
  });

  it('rejects values that are not host:port with a message naming the variable', () => {
    for (const bad of ['127.0.0.1', ':9299', 'http://127.0.0.1:9299', '127.0.0.1:0', '127.0.0.1:70000']) {
      expect(() => parseEmulatorHost(bad)).toThrow(/KMS_EMULATOR_HOST/);
    }
  });
});

describe('createKmsClient', () => {
  it('returns the real Cloud KMS client when KMS_EMULATOR_HOST is unset', async () => {
    const client = createKmsClient({});
    expect(client).toBeInstanceOf(KeyManagementServiceClient);
    expect(client.apiEndpoint).toBe('cloudkms.googleapis.com');
    await client.close();
  });

  it('fails fast on a malformed KMS_EMULATOR_HOST', () => {
    expect(() => createKmsClient({ KMS_EMULATOR_HOST: 'nonsense' })).toThrow(/KMS_EMULATOR_HOST/);
  });
});
