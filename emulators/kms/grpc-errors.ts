/** Errors carrying real gRPC status codes, with the message wording Cloud KMS uses. */
import { status } from '@grpc/grpc-js';

export class KmsError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
    this.name = 'KmsError';
  }
}

export type ResourceKind = 'KeyRing' | 'CryptoKey' | 'CryptoKeyVersion';

export const invalidArgument = (message: string): KmsError => new KmsError(status.INVALID_ARGUMENT, message);

export const notFound = (kind: ResourceKind, name: string): KmsError =>
  new KmsError(status.NOT_FOUND, `${kind} ${name} not found.`);

export const alreadyExists = (kind: ResourceKind, name: string): KmsError =>
  new KmsError(status.ALREADY_EXISTS, `${kind} ${name} already exists.`);

export const failedPrecondition = (message: string): KmsError =>
  new KmsError(status.FAILED_PRECONDITION, message);

/** For things real Cloud KMS accepts but this stand-in does not implement: fail loudly, never pretend. */
export const unimplemented = (message: string): KmsError =>
  new KmsError(status.UNIMPLEMENTED, `${message} (not implemented by the local KMS stand-in)`);

/** The exact text Cloud KMS returns for any ciphertext it cannot open (wrong key, AAD, or tampering). */
export const invalidCiphertext = (): KmsError =>
  invalidArgument('Decryption failed: the ciphertext is invalid.');

/** Maps anything thrown by a handler to a gRPC status; unexpected errors become INTERNAL, never a crash. */
export function toGrpcStatus(err: unknown): { code: status; details: string } {
  if (err instanceof KmsError) return { code: err.code, details: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: status.INTERNAL, details: `internal error in the local KMS stand-in: ${message}` };
}
