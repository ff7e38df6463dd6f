// ifGeneration*/ifMetageneration* query preconditions, answered 412 (writes) or 304 (reads) like the API.
import { ApiError, badRequest, conditionNotMet } from './errors.ts';
import type { ObjectRecord } from './object-store.ts';

function numberParam(q: URLSearchParams, key: string): string | undefined {
  const v = q.get(key);
  if (v === null) return undefined;
  if (!/^\d+$/.test(v)) throw badRequest(`Invalid argument for ${key}: ${v}`);
  return String(BigInt(v));
}

/**
 * Throws when a precondition fails. `prefix` selects the source variants of rewrite
 * (`ifSourceGenerationMatch`...). Reads answer 304 for a NotMatch hit, writes 412.
 */
export function checkPreconditions(
  q: URLSearchParams,
  obj: ObjectRecord | undefined,
  opts: { read?: boolean; prefix?: 'Source' } = {},
): void {
  const p = opts.prefix ?? '';
  const genMatch = numberParam(q, `if${p}GenerationMatch`);
  const genNotMatch = numberParam(q, `if${p}GenerationNotMatch`);
  const metaMatch = numberParam(q, `if${p}MetagenerationMatch`);
  const metaNotMatch = numberParam(q, `if${p}MetagenerationNotMatch`);
  if (genMatch !== undefined) {
    const ok = genMatch === '0' ? obj === undefined : obj?.generation === genMatch;
    if (!ok) throw conditionNotMet('If-Match');
  }
  if (metaMatch !== undefined && obj?.metageneration !== metaMatch)
    throw conditionNotMet('If-Metageneration-Match');
  const notModified = (location: string) =>
    opts.read ? new ApiError(304, 'Not Modified', 'notModified') : conditionNotMet(location);
  if (genNotMatch !== undefined) {
    const current = obj ? obj.generation : '0';
    if (current === genNotMatch) throw notModified('If-None-Match');
  }
  if (metaNotMatch !== undefined && obj?.metageneration === metaNotMatch) {
    throw notModified('If-Metageneration-Not-Match');
  }
}
