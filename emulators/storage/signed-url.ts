// V4 signed URL verification (GOOG4-RSA-SHA256): canonical request, string to sign, RSA check.
import { createHash, type KeyObject, verify } from 'node:crypto';

const MAX_EXPIRES = 7 * 24 * 60 * 60;

/** The client's encoding: encodeURIComponent plus `!'()*`. */
export const strictEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function canonicalPath(rawPath: string): string {
  return rawPath
    .split('/')
    .map((s) => {
      try {
        return strictEncode(decodeURIComponent(s));
      } catch {
        return s;
      }
    })
    .join('/');
}

/** All query parameters but the signature, encoded and sorted by name. */
export function canonicalQuery(params: URLSearchParams): string {
  return [...params.entries()]
    .filter(([k]) => k !== 'X-Goog-Signature')
    .map(([k, v]) => [strictEncode(k), strictEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

export function canonicalHeaders(names: string[], headerValue: (name: string) => string): string {
  return names
    .map(
      (n) =>
        `${n}:${headerValue(n)
          .trim()
          .replace(/\s{2,}/g, ' ')}\n`,
    )
    .join('');
}

export function canonicalRequest(parts: {
  method: string;
  path: string;
  query: string;
  headers: string;
  signedHeaders: string;
  payload: string;
}): string {
  return [parts.method, parts.path, parts.query, parts.headers, parts.signedHeaders, parts.payload].join(
    '\n',
  );
}

export function stringToSign(dateIso: string, scope: string, canonical: string): string {
  return ['GOOG4-RSA-SHA256', dateIso, scope, createHash('sha256').update(canonical).digest('hex')].join(
    '\n',
  );
}

/** `20240102T030405Z` → epoch ms, or NaN. */
export function parseGoogDate(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

export type VerifyResult =
  | { ok: true; email: string }
  | { ok: false; status: 400 | 403; code: string; message: string; details: string };

export interface SignedRequest {
  method: string;
  rawPath: string;
  query: URLSearchParams;
  header(name: string): string | undefined;
  now: number;
  publicKeyFor(email: string): KeyObject | undefined;
}

const fail = (status: 400 | 403, code: string, details: string): VerifyResult => ({
  ok: false,
  status,
  code,
  message: status === 403 ? 'Access denied.' : 'Invalid argument.',
  details,
});

/** Verifies a V4 signed request as Cloud Storage does; failures carry the XML error to answer. */
export function verifyV4(r: SignedRequest): VerifyResult {
  const q = r.query;
  const algorithm = q.get('X-Goog-Algorithm');
  const credential = q.get('X-Goog-Credential');
  const date = q.get('X-Goog-Date');
  const expires = q.get('X-Goog-Expires');
  const signedHeaders = q.get('X-Goog-SignedHeaders');
  const signature = q.get('X-Goog-Signature');
  if (!algorithm || !credential || !date || !expires || !signedHeaders || !signature) {
    return fail(400, 'AuthorizationQueryParametersError', 'Missing required X-Goog-* query parameters.');
  }
  if (algorithm !== 'GOOG4-RSA-SHA256') {
    return fail(400, 'AuthorizationQueryParametersError', `Unsupported algorithm ${algorithm}.`);
  }
  const credParts = credential.split('/');
  const [email, scopeDate, region, service, terminator] = credParts;
  const start = parseGoogDate(date);
  if (
    credParts.length !== 5 ||
    !email ||
    service !== 'storage' ||
    terminator !== 'goog4_request' ||
    !region
  ) {
    return fail(400, 'AuthorizationQueryParametersError', 'Invalid X-Goog-Credential.');
  }
  if (Number.isNaN(start) || scopeDate !== date.slice(0, 8)) {
    return fail(400, 'AuthorizationQueryParametersError', 'Invalid X-Goog-Date.');
  }
  const expiresSec = Number(expires);
  if (!/^\d+$/.test(expires) || expiresSec < 1 || expiresSec > MAX_EXPIRES) {
    return fail(
      400,
      'AuthorizationQueryParametersError',
      'X-Goog-Expires must be between 1 and 604800 seconds.',
    );
  }
  if (r.now < start - 60_000) return fail(400, 'RequestNotYetValid', 'The request is not yet valid.');
  if (r.now > start + expiresSec * 1000) {
    const at = new Date(start + expiresSec * 1000).toISOString();
    return fail(400, 'ExpiredToken', `The provided token has expired. Request signature expired at: ${at}`);
  }
  const key = r.publicKeyFor(email);
  if (!key) return fail(403, 'SignatureDoesNotMatch', `Unknown signer ${email}.`);
  const names = signedHeaders.split(';');
  if (!names.includes('host'))
    return fail(400, 'AuthorizationQueryParametersError', 'host must be a signed header.');
  const scope = credParts.slice(1).join('/');
  const sig = Buffer.from(signature, 'hex');
  const payload = r.header('x-goog-content-sha256') ?? 'UNSIGNED-PAYLOAD';
  // Signers sign the bare hostname while the request's Host carries the port: accept either.
  const host = r.header('host') ?? '';
  const hosts = [host, host.replace(/:\d+$/, '')];
  let lastStringToSign = '';
  for (const h of new Set(hosts)) {
    const headerValue = (n: string) => (n === 'host' ? h : (r.header(n) ?? ''));
    const canonical = canonicalRequest({
      method: r.method,
      path: canonicalPath(r.rawPath),
      query: canonicalQuery(q),
      headers: canonicalHeaders(names, headerValue),
      signedHeaders,
      payload,
    });
    lastStringToSign = stringToSign(date, scope, canonical);
    if (verify('RSA-SHA256', Buffer.from(lastStringToSign), key, sig)) return { ok: true, email };
  }
  return fail(
    403,
    'SignatureDoesNotMatch',
    `The request signature we calculated does not match the signature you provided. StringToSign: ${lastStringToSign}`,
  );
}
