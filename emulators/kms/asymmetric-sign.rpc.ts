/** AsymmetricSign and GetPublicKey for ASYMMETRIC_SIGN keys (EC_SIGN_P256_SHA256, EC_SIGN_P384_SHA384). */
import { sign } from 'node:crypto';
import { type EcSignSpec, privateKey, publicKey, specOf } from './algorithms.ts';
import { signDigest } from './ecdsa.ts';
import { invalidArgument, unimplemented } from './grpc-errors.ts';
import { checksumOf, verifyCrc32c } from './integrity.ts';
import { enabledVersion } from './key-access.ts';
import type { StoredVersion } from './kms-state.ts';
import type { KmsStore } from './kms-store.ts';
import { checkSize, type Handlers } from './rpc-types.ts';
import type { Int64Value, Maybe } from './wire.ts';

type DigestField = 'sha256' | 'sha384' | 'sha512' | 'externalMu';
type Digest = Partial<Record<DigestField, Buffer>> & { digest?: DigestField };

interface AsymmetricSignRequest {
  name: string;
  digest: Maybe<Digest>;
  digestCrc32c: Maybe<Int64Value>;
  data: Buffer;
  dataCrc32c: Maybe<Int64Value>;
}
interface GetPublicKeyRequest {
  name: string;
  publicKeyFormat: string;
}

function ecSpec(version: StoredVersion): EcSignSpec {
  const spec = specOf(version.algorithm);
  if (spec.kind !== 'ec') throw new Error(`${version.name} is not an EC signing key`);
  return spec;
}

/** The one digest variant set (the oneof), checked against the algorithm's hash and length. */
function digestBytes(digest: Digest, spec: EcSignSpec, algorithm: string): Buffer {
  const field =
    digest.digest ?? (['sha256', 'sha384', 'sha512', 'externalMu'] as const).find((f) => digest[f]?.length);
  const bytes = field ? digest[field] : undefined;
  if (field !== spec.hash || !bytes) {
    throw invalidArgument(
      `Algorithm ${algorithm} requires digest.${spec.hash}, got digest.${field ?? '(none)'}.`,
    );
  }
  if (bytes.length !== spec.digestBytes) {
    throw invalidArgument(`digest.${field} must be ${spec.digestBytes} bytes, got ${bytes.length}.`);
  }
  return bytes;
}

export function asymmetricSignRpcs(store: KmsStore): Handlers {
  return {
    /** Signs either a digest (`{sha256}`) or raw `data` (hashed here); exactly one must be given. */
    AsymmetricSign(req: AsymmetricSignRequest) {
      const { version } = enabledVersion(store, req.name, 'ASYMMETRIC_SIGN', 'AsymmetricSign');
      const spec = ecSpec(version);
      const hasData = req.data.length > 0;
      if (req.digest && hasData) throw invalidArgument('Only one of digest and data may be set.');
      if (!req.digest && !hasData) throw invalidArgument('One of digest or data is required.');
      let signature: Buffer;
      let verifiedDigest = false;
      let verifiedData = false;
      if (req.digest) {
        const digest = digestBytes(req.digest, spec, version.algorithm);
        verifiedDigest = verifyCrc32c(digest, req.digestCrc32c, 'digest_crc32c', 'digest');
        signature = signDigest(privateKey(version), spec.curve, digest);
      } else {
        checkSize('data', req.data);
        verifiedData = verifyCrc32c(req.data, req.dataCrc32c, 'data_crc32c', 'data');
        signature = sign(spec.hash, req.data, privateKey(version));
      }
      return {
        signature,
        signatureCrc32c: checksumOf(signature),
        verifiedDigestCrc32c: verifiedDigest,
        verifiedDataCrc32c: verifiedData,
        name: version.name,
        protectionLevel: version.protectionLevel,
      };
    },

    /** SubjectPublicKeyInfo as PEM (default) or DER, each with its checksum. */
    GetPublicKey(req: GetPublicKeyRequest) {
      const { version } = enabledVersion(store, req.name, 'ASYMMETRIC_SIGN', 'GetPublicKey');
      const format = req.publicKeyFormat || 'PUBLIC_KEY_FORMAT_UNSPECIFIED';
      const key = publicKey(version);
      const pem = key.export({ format: 'pem', type: 'spki' }).toString();
      const common = {
        algorithm: version.algorithm,
        name: version.name,
        protectionLevel: version.protectionLevel,
      };
      if (format === 'PEM' || format === 'PUBLIC_KEY_FORMAT_UNSPECIFIED') {
        const pemBytes = Buffer.from(pem);
        return {
          ...common,
          pem,
          pemCrc32c: checksumOf(pemBytes),
          publicKeyFormat: 'PEM',
          publicKey: { data: pemBytes, crc32cChecksum: checksumOf(pemBytes) },
        };
      }
      if (format === 'DER') {
        const der = key.export({ format: 'der', type: 'spki' });
        return {
          ...common,
          publicKeyFormat: 'DER',
          publicKey: { data: der, crc32cChecksum: checksumOf(der) },
        };
      }
      throw unimplemented(`public_key_format ${format} for ${version.algorithm}`);
    },
  };
}
