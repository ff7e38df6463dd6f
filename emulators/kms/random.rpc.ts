/** GenerateRandomBytes: location-level randomness, HSM protection level only, 8..1024 bytes. */
import { randomBytes } from 'node:crypto';
import { invalidArgument } from './grpc-errors.ts';
import { checksumOf } from './integrity.ts';
import { parseLocationName } from './resource-names.ts';
import type { Handlers } from './rpc-types.ts';

interface GenerateRandomBytesRequest {
  location: string;
  lengthBytes: number;
  protectionLevel: string;
}

const MIN_BYTES = 8;
const MAX_BYTES = 1024;

export function randomRpcs(): Handlers {
  return {
    GenerateRandomBytes(req: GenerateRandomBytesRequest) {
      parseLocationName(req.location, 'location');
      if (!Number.isInteger(req.lengthBytes) || req.lengthBytes < MIN_BYTES || req.lengthBytes > MAX_BYTES) {
        throw invalidArgument(
          `length_bytes must be between ${MIN_BYTES} and ${MAX_BYTES}, got ${req.lengthBytes}.`,
        );
      }
      // Cloud KMS only offers this at the HSM protection level.
      if (req.protectionLevel !== 'HSM') {
        throw invalidArgument(`protection_level must be HSM, got ${req.protectionLevel}.`);
      }
      const data = randomBytes(req.lengthBytes);
      return { data, dataCrc32c: checksumOf(data) };
    },
  };
}
