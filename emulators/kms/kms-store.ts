/** In-memory view of the persisted state: lookups with KMS errors, creation, and save-on-change. */
import { generateMaterial } from './algorithms.ts';
import { alreadyExists, failedPrecondition, notFound } from './grpc-errors.ts';
import {
  type KmsState,
  loadState,
  type ProtectionLevel,
  type Purpose,
  type StoredCryptoKey,
  type StoredKeyRing,
  type StoredVersion,
  saveState,
} from './kms-state.ts';
import { versionNameOf } from './resource-names.ts';

export interface NewCryptoKey {
  name: string;
  purpose: Purpose;
  algorithm: string;
  protectionLevel: ProtectionLevel;
  labels: Record<string, string>;
  destroyScheduledSeconds: number;
  rotationPeriodSeconds: number | null;
  nextRotationTime: string | null;
}

const nowIso = (): string => new Date().toISOString();

export class KmsStore {
  private constructor(
    private readonly dataDir: string,
    private readonly state: KmsState,
  ) {}

  static open(dataDir: string): KmsStore {
    return new KmsStore(dataDir, loadState(dataDir));
  }

  save(): void {
    saveState(this.dataDir, this.state);
  }

  keyRing(name: string): StoredKeyRing {
    const ring = this.state.keyRings[name];
    if (!ring) throw notFound('KeyRing', name);
    return ring;
  }

  cryptoKey(name: string): StoredCryptoKey {
    const key = this.state.cryptoKeys[name];
    if (!key) throw notFound('CryptoKey', name);
    return key;
  }

  version(name: string): StoredVersion {
    const version = this.findVersion(name);
    if (!version) throw notFound('CryptoKeyVersion', name);
    return version;
  }

  findVersion(name: string): StoredVersion | undefined {
    const version = this.state.versions[name];
    return version && this.settle(version);
  }

  /** The primary version of an ENCRYPT_DECRYPT key, or null. */
  primaryOf(key: StoredCryptoKey): StoredVersion | null {
    return key.primary === null ? null : (this.findVersion(versionNameOf(key.name, key.primary)) ?? null);
  }

  keyRingsIn(location: string): StoredKeyRing[] {
    return Object.values(this.state.keyRings).filter((r) => r.name.startsWith(`${location}/keyRings/`));
  }

  cryptoKeysIn(keyRing: string): StoredCryptoKey[] {
    return Object.values(this.state.cryptoKeys).filter((k) => k.name.startsWith(`${keyRing}/cryptoKeys/`));
  }

  versionsOf(key: string): StoredVersion[] {
    const prefix = `${key}/cryptoKeyVersions/`;
    return Object.values(this.state.versions)
      .filter((v) => v.name.startsWith(prefix))
      .map((v) => this.settle(v))
      .sort((a, b) => versionNumber(a) - versionNumber(b));
  }

  addKeyRing(name: string): StoredKeyRing {
    if (this.state.keyRings[name]) throw alreadyExists('KeyRing', name);
    const ring = { name, createTime: nowIso() };
    this.state.keyRings[name] = ring;
    this.save();
    return ring;
  }

  /** Creates the key and, unless skipped, version 1 (the primary for ENCRYPT_DECRYPT keys). */
  addCryptoKey(spec: NewCryptoKey, withInitialVersion: boolean): StoredCryptoKey {
    if (this.state.cryptoKeys[spec.name]) throw alreadyExists('CryptoKey', spec.name);
    const key: StoredCryptoKey = { ...spec, createTime: nowIso(), primary: null, nextVersion: 1 };
    this.state.cryptoKeys[spec.name] = key;
    if (withInitialVersion) {
      const first = this.newVersion(key);
      if (key.purpose === 'ENCRYPT_DECRYPT') key.primary = versionNumber(first);
    }
    this.save();
    return key;
  }

  /** Creates an ENABLED version from the key's template; it does not become primary (as in the real API). */
  addVersion(key: StoredCryptoKey): StoredVersion {
    const version = this.newVersion(key);
    this.save();
    return version;
  }

  private newVersion(key: StoredCryptoKey): StoredVersion {
    const version: StoredVersion = {
      name: versionNameOf(key.name, key.nextVersion),
      state: 'ENABLED',
      algorithm: key.algorithm,
      protectionLevel: key.protectionLevel,
      createTime: nowIso(),
      destroyTime: null,
      destroyEventTime: null,
      material: generateMaterial(key.algorithm),
    };
    key.nextVersion += 1;
    this.state.versions[version.name] = version;
    return version;
  }

  /** Completes a scheduled destruction whose time has come: the material is wiped for good. */
  private settle(version: StoredVersion): StoredVersion {
    if (
      version.state === 'DESTROY_SCHEDULED' &&
      version.destroyTime &&
      Date.parse(version.destroyTime) <= Date.now()
    ) {
      version.state = 'DESTROYED';
      version.destroyEventTime = version.destroyTime;
      version.material = null;
      this.save();
    }
    return version;
  }
}

export function versionNumber(version: StoredVersion): number {
  return Number(version.name.slice(version.name.lastIndexOf('/') + 1));
}

/** Cryptographic operations need an ENABLED version; the wording is the real API's. */
export function requireEnabled(version: StoredVersion): StoredVersion {
  if (version.state !== 'ENABLED') {
    throw failedPrecondition(`${version.name} is not enabled, current state is: ${version.state}.`);
  }
  return version;
}
