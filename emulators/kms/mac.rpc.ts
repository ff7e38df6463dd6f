/** MacSign and MacVerify for MAC keys (HMAC_SHA*). */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { secretKey, specOf } from './algorithms.ts';
import { checksumOf, verifyCrc32c } from './integrity.ts';
import { enabledVersion } from './key-access.ts';
import type { StoredVersion } from './kms-state.ts';
import type { KmsStore } from './kms-store.ts';
import { checkSize, type Handlers } from './rpc-types.ts';
import type { Int64Value, Maybe } from './wire.ts';

interface MacSignRequest {
  name: string;
  data: Buffer;
  dataCrc32c: Maybe<Int64Value>;
}
interface MacVerifyRequest extends MacSignRequest {
  mac: Buffer;
  macCrc32c: Maybe<Int64Value>;
}

function hmac(version: StoredVersion, data: Buffer): Buffer {
  const spec = specOf(version.algorithm);
  if (spec.kind !== 'hmac') throw new Error(`${version.name} is not an HMAC key`);
  return createHmac(spec.hash, secretKey(version)).update(data).digest();
}

export function macRpcs(store: KmsStore): Handlers {
  return {
    MacSign(req: MacSignRequest) {
      const { version } = enabledVersion(store, req.name, 'MAC', 'MacSign');
      checkSize('data', req.data);
      const verifiedData = verifyCrc32c(req.data, req.dataCrc32c, 'data_crc32c', 'data');
      const mac = hmac(version, req.data);
      return {
        name: version.name,
        mac,
        macCrc32c: checksumOf(mac),
        verifiedDataCrc32c: verifiedData,
        protectionLevel: version.protectionLevel,
      };
    },

    /** A wrong MAC is `success: false`, not an error. */
    MacVerify(req: MacVerifyRequest) {
      const { version } = enabledVersion(store, req.name, 'MAC', 'MacVerify');
      checkSize('data', req.data);
      checkSize('mac', req.mac);
      const verifiedData = verifyCrc32c(req.data, req.dataCrc32c, 'data_crc32c', 'data');
      const verifiedMac = verifyCrc32c(req.mac, req.macCrc32c, 'mac_crc32c', 'mac');
      const expected = hmac(version, req.data);
      const success = expected.length === req.mac.length && timingSafeEqual(expected, req.mac);
      return {
        name: version.name,
        success,
        verifiedDataCrc32c: verifiedData,
        verifiedMacCrc32c: verifiedMac,
        // The real API sets this when `success` is reported with integrity protection.
        verifiedSuccessIntegrity: true,
        protectionLevel: version.protectionLevel,
      };
    },
  };
}
