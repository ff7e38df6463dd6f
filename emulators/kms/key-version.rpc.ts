/** CryptoKeyVersion RPCs: create, get, list, enable/disable, destroy (scheduled) and restore. */
import { failedPrecondition, invalidArgument, unimplemented } from './grpc-errors.ts';
import type { StoredVersion } from './kms-state.ts';
import type { KmsStore } from './kms-store.ts';
import { paginate } from './pagination.ts';
import { cryptoKeyNameOf, parseCryptoKeyName, parseCryptoKeyVersionName } from './resource-names.ts';
import { type Handlers, type ListRequest, rejectFilters } from './rpc-types.ts';
import { type Maybe, versionMessage } from './wire.ts';

interface NameRequest {
  name: string;
}
interface CreateVersionRequest {
  parent: string;
}
interface UpdateVersionRequest {
  cryptoKeyVersion: Maybe<{ name: string; state: string }>;
  updateMask: Maybe<{ paths: string[] }>;
}

export function keyVersionRpcs(store: KmsStore): Handlers {
  /** Looks a version up by its full name, checking the key first so a missing key is named as such. */
  const lookup = (name: string): StoredVersion => {
    store.cryptoKey(cryptoKeyNameOf(parseCryptoKeyVersionName(name)));
    return store.version(name);
  };

  return {
    CreateCryptoKeyVersion(req: CreateVersionRequest) {
      parseCryptoKeyName(req.parent, 'parent');
      return versionMessage(store.addVersion(store.cryptoKey(req.parent)));
    },

    GetCryptoKeyVersion(req: NameRequest) {
      return versionMessage(lookup(req.name));
    },

    ListCryptoKeyVersions(req: ListRequest) {
      parseCryptoKeyName(req.parent, 'parent');
      rejectFilters(req);
      store.cryptoKey(req.parent);
      const page = paginate(store.versionsOf(req.parent), req.pageSize, req.pageToken);
      return {
        cryptoKeyVersions: page.items.map(versionMessage),
        nextPageToken: page.nextPageToken,
        totalSize: page.totalSize,
      };
    },

    /** Only `state` may change, and only between ENABLED and DISABLED. */
    UpdateCryptoKeyVersion(req: UpdateVersionRequest) {
      const input = req.cryptoKeyVersion;
      if (!input) throw invalidArgument('crypto_key_version is required.');
      const paths = req.updateMask?.paths ?? [];
      if (paths.length === 0) throw invalidArgument('update_mask must name at least one field.');
      for (const path of paths) {
        if (path === 'external_protection_level_options')
          throw unimplemented('external_protection_level_options');
        if (path !== 'state') throw invalidArgument(`update_mask path [${path}] cannot be updated.`);
      }
      if (input.state !== 'ENABLED' && input.state !== 'DISABLED') {
        throw invalidArgument(
          `crypto_key_version.state can only be set to ENABLED or DISABLED, not ${input.state}.`,
        );
      }
      const version = lookup(input.name);
      if (version.state !== 'ENABLED' && version.state !== 'DISABLED') {
        throw failedPrecondition(
          `${version.name} is in state ${version.state}; only ENABLED or DISABLED versions can be updated.`,
        );
      }
      version.state = input.state;
      store.save();
      return versionMessage(version);
    },

    /** Schedules destruction after the key's destroy_scheduled_duration; material is kept until then. */
    DestroyCryptoKeyVersion(req: NameRequest) {
      const version = lookup(req.name);
      if (version.state !== 'ENABLED' && version.state !== 'DISABLED') {
        throw failedPrecondition(`${version.name} is in state ${version.state} and cannot be destroyed.`);
      }
      const key = store.cryptoKey(cryptoKeyNameOf(parseCryptoKeyVersionName(req.name)));
      version.state = 'DESTROY_SCHEDULED';
      version.destroyTime = new Date(Date.now() + key.destroyScheduledSeconds * 1000).toISOString();
      store.save();
      // Re-read so a zero-length schedule shows DESTROYED at once.
      return versionMessage(store.version(version.name));
    },

    /** Cancels a scheduled destruction; the version comes back DISABLED, as in the real API. */
    RestoreCryptoKeyVersion(req: NameRequest) {
      const version = lookup(req.name);
      if (version.state !== 'DESTROY_SCHEDULED') {
        throw failedPrecondition(
          `${version.name} is in state ${version.state}; only DESTROY_SCHEDULED can be restored.`,
        );
      }
      version.state = 'DISABLED';
      version.destroyTime = null;
      store.save();
      return versionMessage(version);
    },
  };
}
