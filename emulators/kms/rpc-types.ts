/** The handler contract between the RPC modules and the gRPC server, plus shared request checks. */
import { invalidArgument, unimplemented } from './grpc-errors.ts';

/**
 * One unary RPC: takes the decoded request, returns the response message (or throws a KmsError).
 * `never` lets each module type its own request shape while the server holds them in one map.
 */
export type UnaryHandler = (request: never) => object;
export type Handlers = Record<string, UnaryHandler>;

/** Cloud KMS caps plaintext, AAD and data to sign/MAC at 64 KiB. */
export const MAX_DATA_BYTES = 64 * 1024;

export function checkSize(field: string, data: Buffer, min = 0): Buffer {
  if (data.length > MAX_DATA_BYTES) {
    throw invalidArgument(`The ${field} must be at most ${MAX_DATA_BYTES} bytes, got ${data.length}.`);
  }
  if (data.length < min) throw invalidArgument(`The ${field} must be at least ${min} bytes.`);
  return data;
}

export function requireField(field: string, value: string): string {
  if (!value) throw invalidArgument(`${field} is required.`);
  return value;
}

export interface ListRequest {
  parent: string;
  pageSize: number;
  pageToken: string;
  filter: string;
  orderBy: string;
}

/** The stand-in lists in creation order and does not evaluate filters; refusing beats silently ignoring. */
export function rejectFilters(req: ListRequest): void {
  if (req.filter) throw unimplemented('List filter');
  if (req.orderBy) throw unimplemented('List order_by');
}
