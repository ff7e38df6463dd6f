// Object listing with prefix/delimiter/startOffset/endOffset and opaque page tokens (pure).
import { badRequest } from './errors.ts';

export interface ListQuery {
  prefix: string;
  delimiter: string;
  maxResults: number;
  pageToken: string | undefined;
  startOffset: string | undefined;
  endOffset: string | undefined;
  includeTrailingDelimiter: boolean;
}

export interface ListPage {
  names: string[];
  prefixes: string[];
  nextPageToken: string | undefined;
}

/** Tokens remember the last entry returned and whether it was a prefix (whose names are skipped). */
const encodeToken = (key: string, isPrefix: boolean) =>
  Buffer.from(`${isPrefix ? 'p' : 'o'}:${key}`).toString('base64url');

function decodeToken(token: string): { key: string; isPrefix: boolean } {
  const raw = Buffer.from(token, 'base64url').toString('utf8');
  if (!/^[po]:/.test(raw)) throw badRequest('Invalid page token.');
  return { key: raw.slice(2), isPrefix: raw[0] === 'p' };
}

export function parseListQuery(q: URLSearchParams): ListQuery {
  const max = q.get('maxResults');
  if (max !== null && !/^\d+$/.test(max)) throw badRequest(`Invalid value for maxResults: ${max}`);
  return {
    prefix: q.get('prefix') ?? '',
    delimiter: q.get('delimiter') ?? '',
    maxResults: Math.min(1000, Math.max(1, max === null ? 1000 : Number(max))),
    pageToken: q.get('pageToken') || undefined,
    startOffset: q.get('startOffset') || undefined,
    endOffset: q.get('endOffset') || undefined,
    includeTrailingDelimiter: q.get('includeTrailingDelimiter') === 'true',
  };
}

/** First index whose name is >= key in a sorted array. */
function lowerBound(names: string[], key: string): number {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((names[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One page over sorted names; items and prefixes together count toward maxResults, as in the API. */
export function listPage(sorted: string[], q: ListQuery): ListPage {
  const token = q.pageToken ? decodeToken(q.pageToken) : undefined;
  let from = q.prefix;
  if (q.startOffset && q.startOffset > from) from = q.startOffset;
  let i = lowerBound(sorted, from);
  const names: string[] = [];
  const prefixes: string[] = [];
  let last: { key: string; isPrefix: boolean } | undefined;
  let count = 0;
  for (; i < sorted.length; i++) {
    const name = sorted[i] as string;
    if (!name.startsWith(q.prefix)) break;
    if (q.endOffset && name >= q.endOffset) break;
    if (token && (name < token.key || name === token.key || (token.isPrefix && name.startsWith(token.key))))
      continue;
    let entry: { key: string; isPrefix: boolean } = { key: name, isPrefix: false };
    if (q.delimiter) {
      const at = name.indexOf(q.delimiter, q.prefix.length);
      if (at >= 0) entry = { key: name.slice(0, at + q.delimiter.length), isPrefix: true };
    }
    if (last?.isPrefix && entry.isPrefix && last.key === entry.key) {
      if (q.includeTrailingDelimiter && name === entry.key && names.at(-1) !== name) names.push(name);
      continue;
    }
    if (count === q.maxResults)
      return { names, prefixes, nextPageToken: last && encodeToken(last.key, last.isPrefix) };
    count++;
    if (entry.isPrefix) {
      prefixes.push(entry.key);
      if (q.includeTrailingDelimiter && name === entry.key) names.push(name);
    } else {
      names.push(name);
    }
    last = entry;
  }
  return { names, prefixes, nextPageToken: undefined };
}
