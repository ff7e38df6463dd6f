/** Encrypt and Decrypt for ENCRYPT_DECRYPT keys (GOOGLE_SYMMETRIC_ENCRYPTION, i.e. AES-256-GCM). */
import { secretKey } from './algorithms.ts';
import { ENVELOPE_OVERHEAD, open, seal, versionOf } from './ciphertext.ts';
import { failedPrecondition, invalidArgument, invalidCiphertext } from './grpc-errors.ts';
import { checksumOf, verifyCrc32c } from './integrity.ts';
import { keyWithPurpose } from './key-access.ts';
import { type KmsStore, requireEnabled, versionNumber } from './kms-store.ts';
import { parseCryptoKeyName, parseKeyOrVersionName, versionNameOf } from './resource-names.ts';
import { checkSize, type Handlers, MAX_DATA_BYTES } from './rpc-types.ts';
import type { Int64Value, Maybe } from './wire.ts';

interface EncryptRequest {
  name: string;
  plaintext: Buffer;
  additionalAuthenticatedData: Buffer;
  plaintextCrc32c: Maybe<Int64Value>;
  additionalAuthenticatedDataCrc32c: Maybe<Int64Value>;
}
interface DecryptRequest {
  name: string;
  ciphertext: Buffer;
  additionalAuthenticatedData: Buffer;
  ciphertextCrc32c: Maybe<Int64Value>;
  additionalAuthenticatedDataCrc32c: Maybe<Int64Value>;
}

export function symmetricRpcs(store: KmsStore): Handlers {
  return {
    /** `name` may be the key (its primary is used) or one of its versions. */
    Encrypt(req: EncryptRequest) {
      const target = parseKeyOrVersionName(req.name);
      const key = keyWithPurpose(store, target.key, 'ENCRYPT_DECRYPT', 'Encrypt');
      checkSize('plaintext', req.plaintext, 1);
      checkSize('additional_authenticated_data', req.additionalAuthenticatedData);
      const verifiedPlaintext = verifyCrc32c(
        req.plaintext,
        req.plaintextCrc32c,
        'plaintext_crc32c',
        'plaintext',
      );
      const verifiedAad = verifyCrc32c(
        req.additionalAuthenticatedData,
        req.additionalAuthenticatedDataCrc32c,
        'additional_authenticated_data_crc32c',
        'additional_authenticated_data',
      );
      let version =
        target.version === null
          ? store.primaryOf(key)
          : store.version(versionNameOf(key.name, target.version));
      if (!version) throw failedPrecondition(`${key.name} has no primary version.`);
      version = requireEnabled(version);
      const ciphertext = seal(
        secretKey(version),
        versionNumber(version),
        req.plaintext,
        req.additionalAuthenticatedData,
      );
      return {
        name: version.name,
        ciphertext,
        ciphertextCrc32c: checksumOf(ciphertext),
        verifiedPlaintextCrc32c: verifiedPlaintext,
        verifiedAdditionalAuthenticatedDataCrc32c: verifiedAad,
        protectionLevel: version.protectionLevel,
      };
    },

    /** `name` must be the key; the version is read from the ciphertext, so rotation never breaks it. */
    Decrypt(req: DecryptRequest) {
      parseCryptoKeyName(req.name);
      const key = keyWithPurpose(store, req.name, 'ENCRYPT_DECRYPT', 'Decrypt');
      if (req.ciphertext.length === 0) throw invalidArgument('ciphertext is required.');
      if (req.ciphertext.length > MAX_DATA_BYTES + ENVELOPE_OVERHEAD) throw invalidCiphertext();
      checkSize('additional_authenticated_data', req.additionalAuthenticatedData);
      verifyCrc32c(req.ciphertext, req.ciphertextCrc32c, 'ciphertext_crc32c', 'ciphertext');
      verifyCrc32c(
        req.additionalAuthenticatedData,
        req.additionalAuthenticatedDataCrc32c,
        'additional_authenticated_data_crc32c',
        'additional_authenticated_data',
      );
      const number = versionOf(req.ciphertext);
      const version = number === null ? undefined : store.findVersion(versionNameOf(key.name, number));
      if (!version) throw invalidCiphertext();
      requireEnabled(version);
      const plaintext = open(secretKey(version), req.ciphertext, req.additionalAuthenticatedData);
      if (plaintext === null) throw invalidCiphertext();
      return {
        plaintext,
        plaintextCrc32c: checksumOf(plaintext),
        usedPrimary: key.primary === number,
        protectionLevel: version.protectionLevel,
      };
    },
  };
}
