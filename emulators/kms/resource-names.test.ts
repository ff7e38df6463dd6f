import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { KmsError } from './grpc-errors.ts';
import {
  checkId,
  cryptoKeyNameOf,
  parseCryptoKeyName,
  parseCryptoKeyVersionName,
  parseKeyOrVersionName,
  parseKeyRingName,
  parseLocationName,
  versionNameOf,
} from './resource-names.ts';

const RING = 'projects/demo-p/locations/global/keyRings/ring_1';
const KEY = `${RING}/cryptoKeys/key-a`;

function codeOf(fn: () => unknown): status | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof KmsError ? err.code : undefined;
  }
  return undefined;
}

describe('resource names', () => {
  it('parses every level of the hierarchy into its parts', () => {
    expect(parseLocationName('projects/demo-p/locations/us-central1')).toEqual({
      project: 'demo-p',
      location: 'us-central1',
    });
    expect(parseKeyRingName(RING)).toEqual({ project: 'demo-p', location: 'global', keyRing: 'ring_1' });
    expect(parseCryptoKeyName(KEY).cryptoKey).toBe('key-a');
    expect(parseCryptoKeyVersionName(`${KEY}/cryptoKeyVersions/12`).version).toBe('12');
  });

  it('round-trips a key name through parse and build', () => {
    expect(cryptoKeyNameOf(parseCryptoKeyName(KEY))).toBe(KEY);
    expect(versionNameOf(KEY, 3)).toBe(`${KEY}/cryptoKeyVersions/3`);
  });

  it('tells a key from a key version for Encrypt', () => {
    expect(parseKeyOrVersionName(KEY)).toEqual({ key: KEY, version: null });
    expect(parseKeyOrVersionName(`${KEY}/cryptoKeyVersions/2`)).toEqual({ key: KEY, version: '2' });
  });

  it('rejects malformed names with INVALID_ARGUMENT', () => {
    for (const bad of [
      '',
      'projects//locations/global',
      `${RING}/`,
      `${RING}/cryptoKeys/`,
      `${KEY}/cryptoKeyVersions/0`,
      `${KEY}/cryptoKeyVersions/abc`,
      `${KEY}/extra`,
      'projects/p/locations/global/keyRings/has space',
    ]) {
      expect(codeOf(() => parseCryptoKeyVersionName(bad))).toBe(status.INVALID_ARGUMENT);
      expect(codeOf(() => parseKeyRingName(bad))).toBe(status.INVALID_ARGUMENT);
    }
    expect(codeOf(() => parseCryptoKeyName(RING))).toBe(status.INVALID_ARGUMENT);
    expect(codeOf(() => parseKeyOrVersionName(RING))).toBe(status.INVALID_ARGUMENT);
  });

  it('limits ids to 1..63 of [a-zA-Z0-9_-]', () => {
    expect(checkId('key_ring_id', 'a'.repeat(63))).toBe('a'.repeat(63));
    expect(codeOf(() => checkId('key_ring_id', 'a'.repeat(64)))).toBe(status.INVALID_ARGUMENT);
    expect(codeOf(() => checkId('key_ring_id', ''))).toBe(status.INVALID_ARGUMENT);
    expect(codeOf(() => checkId('key_ring_id', 'a.b'))).toBe(status.INVALID_ARGUMENT);
  });
});
