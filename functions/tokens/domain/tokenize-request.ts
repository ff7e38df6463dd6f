/** Checks a tokenize batch before any key is touched or anything is written: the whole batch passes or fails. */
import { fieldDomain, UnknownFieldDomain } from './fields.ts';
import { decideIssuer, IN_PROCESS, type IssuerCaller } from './issuer-rule.ts';

export const MAX_BATCH = 10_000;
export const MAX_VALUE_BYTES = 1024;
/** Enough to fix a batch; a batch of 10,000 bad items does not produce a 10,000-line answer. */
const MAX_REPORTED = 100;

export interface TokenizeItem {
  field: string;
  value: string;
  issuer?: string;
}

export interface ItemError {
  field: string;
  message: string;
}

export type TokenizeCheck =
  | { ok: true; items: TokenizeItem[] }
  | { ok: false; status: 400 | 403; slug: string; detail: string; errors: ItemError[] };

/** Who tokenizes: decides which issuers it may name (issuer-rule.ts); in-process callers may name any. */
export type Actor = IssuerCaller;

/** Validates every item and resolves issuers; messages never quote the submitted values. */
export function checkTokenizeItems(items: readonly TokenizeItem[], actor: Actor = IN_PROCESS): TokenizeCheck {
  if (items.length === 0 || items.length > MAX_BATCH) {
    return {
      ok: false,
      status: 400,
      slug: 'batch-size',
      detail: `a batch holds 1 to ${MAX_BATCH} items, got ${items.length}`,
      errors: [{ field: 'body.items', message: `1 to ${MAX_BATCH} items` }],
    };
  }
  const errors: ItemError[] = [];
  let forbidden = false;
  const resolved: TokenizeItem[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const { field, value, issuer } = items[i] as TokenizeItem;
    const at = `body.items.${i}`;
    let shared = true;
    try {
      shared = fieldDomain(field).shared;
    } catch (e) {
      if (!(e instanceof UnknownFieldDomain)) throw e;
      errors.push({ field: `${at}.field`, message: 'unknown field domain' });
    }
    if (value.trim().length === 0) errors.push({ field: `${at}.value`, message: 'empty value' });
    else if (value.length > MAX_VALUE_BYTES / 4 && Buffer.byteLength(value) > MAX_VALUE_BYTES)
      errors.push({ field: `${at}.value`, message: `over ${MAX_VALUE_BYTES} bytes` });
    // Local identifiers are scoped to their issuer: without one, two centers' MRNs would collide.
    const decided = decideIssuer(actor, issuer, !shared);
    if (!decided.ok) {
      forbidden ||= decided.status === 403;
      errors.push({ field: `${at}.issuer`, message: decided.message });
    }
    const who = decided.ok ? decided.issuer : undefined;
    resolved[i] = who === undefined ? { field, value } : { field, value, issuer: who };
  }
  if (errors.length === 0) return { ok: true, items: resolved };
  const shown = errors.slice(0, MAX_REPORTED);
  const more = errors.length - shown.length;
  return {
    ok: false,
    status: forbidden ? 403 : 400,
    slug: forbidden ? 'forbidden-issuer' : 'invalid-items',
    detail: `${errors.length} problem(s) in the batch${more > 0 ? ` (first ${MAX_REPORTED} listed)` : ''}; nothing was tokenized`,
    errors: shown,
  };
}
