/** page_size/page_token handling shared by the List RPCs (opaque offset tokens, as the client expects). */
import { invalidArgument } from './grpc-errors.ts';

const MAX_PAGE_SIZE = 1000;

export interface Page<T> {
  items: T[];
  nextPageToken: string;
  totalSize: number;
}

const encodeToken = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64url');

function decodeToken(token: string): number {
  const m = /^offset:(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw invalidArgument(`Invalid page_token [${token}].`);
  return Number(m[1]);
}

/** One page of `all`; pageSize 0 means "server default" like the real API. */
export function paginate<T>(all: readonly T[], pageSize: number, pageToken: string): Page<T> {
  if (!Number.isInteger(pageSize) || pageSize < 0) throw invalidArgument('page_size must not be negative.');
  const size = pageSize === 0 ? MAX_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
  const start = pageToken ? decodeToken(pageToken) : 0;
  const items = all.slice(start, start + size);
  const end = start + items.length;
  return { items, nextPageToken: end < all.length ? encodeToken(end) : '', totalSize: all.length };
}
