/** CryptoKey RPCs: CreateCryptoKey, GetCryptoKey, ListCryptoKeys, UpdateCryptoKeyPrimaryVersion. */
import { checkAlgorithm, checkPurpose } from './algorithms.ts';
import { invalidArgument, unimplemented } from './grpc-errors.ts';
import type { ProtectionLevel } from './kms-state.ts';
import { type KmsStore, requireEnabled } from './kms-store.ts';
import { paginate } from './pagination.ts';
import {
  checkId,
  cryptoKeyNameOf,
  parseCryptoKeyName,
  parseKeyRingName,
  versionNameOf,
} from './resource-names.ts';
import { type Handlers, type ListRequest, rejectFilters, requireField } from './rpc-types.ts';
import { cryptoKeyMessage, type Duration, durationSeconds, type Maybe, type Timestamp } from './wire.ts';

interface CryptoKeyInput {
  purpose: string;
  versionTemplate: Maybe<{ protectionLevel: string; algorithm: string }>;
  labels: Record<string, string>;
  destroyScheduledDuration: Maybe<Duration>;
  rotationPeriod: Maybe<Duration>;
  nextRotationTime: Maybe<Timestamp>;
  importOnly: boolean;
  cryptoKeyBackend: string;
}
interface CreateCryptoKeyRequest {
  parent: string;
  cryptoKeyId: string;
  cryptoKey: Maybe<CryptoKeyInput>;
  skipInitialVersionCreation: boolean;
}
interface NameRequest {
  name: string;
}
interface UpdatePrimaryRequest {
  name: string;
  cryptoKeyVersionId: string;
}

// Cloud KMS's default wait between DestroyCryptoKeyVersion and actual destruction.
const DEFAULT_DESTROY_SCHEDULED_SECONDS = 30 * 24 * 3600;

function checkProtectionLevel(level: string | undefined): ProtectionLevel {
  if (!level || level === 'PROTECTION_LEVEL_UNSPECIFIED') return 'SOFTWARE';
  if (level === 'SOFTWARE' || level === 'HSM') return level;
  throw unimplemented(`protection level ${level}`);
}

export function cryptoKeyRpcs(store: KmsStore): Handlers {
  const message = (name: string) => {
    const key = store.cryptoKey(name);
    return cryptoKeyMessage(key, store.primaryOf(key));
  };

  return {
    CreateCryptoKey(req: CreateCryptoKeyRequest) {
      const ring = parseKeyRingName(req.parent, 'parent');
      const cryptoKey = checkId('crypto_key_id', req.cryptoKeyId);
      const input = req.cryptoKey;
      if (!input) throw invalidArgument('crypto_key is required.');
      store.keyRing(req.parent);
      const purpose = checkPurpose(input.purpose);
      const algorithm = checkAlgorithm(purpose, input.versionTemplate?.algorithm ?? '');
      if (input.importOnly) throw unimplemented('import_only keys');
      if (input.cryptoKeyBackend) throw unimplemented('crypto_key_backend');
      const rotationPeriodSeconds = durationSeconds(input.rotationPeriod);
      if (rotationPeriodSeconds !== null && purpose !== 'ENCRYPT_DECRYPT') {
        throw invalidArgument('Only ENCRYPT_DECRYPT keys support a rotation schedule.');
      }
      const destroySeconds =
        durationSeconds(input.destroyScheduledDuration) ?? DEFAULT_DESTROY_SCHEDULED_SECONDS;
      if (!Number.isInteger(destroySeconds) || destroySeconds < 0) {
        throw invalidArgument('destroy_scheduled_duration must be a non-negative number of seconds.');
      }
      const next = input.nextRotationTime;
      const key = store.addCryptoKey(
        {
          name: cryptoKeyNameOf({ ...ring, cryptoKey }),
          purpose,
          algorithm,
          protectionLevel: checkProtectionLevel(input.versionTemplate?.protectionLevel),
          labels: { ...input.labels },
          destroyScheduledSeconds: destroySeconds,
          rotationPeriodSeconds,
          nextRotationTime: next ? new Date(Number(next.seconds) * 1000).toISOString() : null,
        },
        !req.skipInitialVersionCreation,
      );
      return cryptoKeyMessage(key, store.primaryOf(key));
    },

    GetCryptoKey(req: NameRequest) {
      parseCryptoKeyName(req.name);
      return message(req.name);
    },

    ListCryptoKeys(req: ListRequest) {
      parseKeyRingName(req.parent, 'parent');
      rejectFilters(req);
      store.keyRing(req.parent);
      const page = paginate(store.cryptoKeysIn(req.parent), req.pageSize, req.pageToken);
      return {
        cryptoKeys: page.items.map((k) => cryptoKeyMessage(k, store.primaryOf(k))),
        nextPageToken: page.nextPageToken,
        totalSize: page.totalSize,
      };
    },

    /** Rotation by hand: the named ENABLED version becomes the one Encrypt uses. */
    UpdateCryptoKeyPrimaryVersion(req: UpdatePrimaryRequest) {
      parseCryptoKeyName(req.name);
      const id = requireField('crypto_key_version_id', req.cryptoKeyVersionId);
      if (!/^[1-9][0-9]{0,9}$/.test(id)) throw invalidArgument(`Invalid crypto_key_version_id [${id}].`);
      const key = store.cryptoKey(req.name);
      if (key.purpose !== 'ENCRYPT_DECRYPT') {
        throw invalidArgument(
          `${key.name} has purpose ${key.purpose}; only ENCRYPT_DECRYPT keys have a primary.`,
        );
      }
      requireEnabled(store.version(versionNameOf(key.name, id)));
      key.primary = Number(id);
      store.save();
      return message(key.name);
    },
  };
}
