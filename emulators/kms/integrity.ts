/** The CRC32C integrity protocol of Cloud KMS: check request checksums, compute response ones. */
import { crc32c } from './crc32c.ts';
import { invalidArgument } from './grpc-errors.ts';
import type { Int64Value, Maybe } from './wire.ts';

/**
 * Checks an optional request checksum over `data`. Returns true when it was given and matched (the
 * response's `verified_*` flag); a mismatch is INVALID_ARGUMENT, as the real API answers.
 */
export function verifyCrc32c(
  data: Buffer,
  checksum: Maybe<Int64Value>,
  field: string,
  dataField: string,
): boolean {
  if (checksum === null || checksum === undefined) return false;
  if (Number(checksum.value) !== crc32c(data)) {
    throw invalidArgument(`The checksum in field ${field} did not match the data in field ${dataField}.`);
  }
  return true;
}

/** A response checksum field. */
export const checksumOf = (data: Uint8Array): Int64Value => ({ value: crc32c(data) });
