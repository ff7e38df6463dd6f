/**
 * The caller as an issuer of local identifiers, for the HTTP functions that key pseudonyms (tokenize here,
 * record-result in results): its center's CODE — the one issuer key imaging, results and tokenize share —
 * found from the principal's center id in this context's projection of centers. What it may name is then
 * decided by `decideIssuer` (domain/issuer-rule.ts), the same for every caller.
 */
import type { Principal } from '../../platform/auth.ts';
import type { HttpResult } from '../../platform/http/http-handler.ts';
import { type Problem, problem } from '../../platform/http/problem.ts';
import { centerCodeOf } from '../adapters/issuer-centers.repository.ts';
import type { IssuerCaller, IssuerRefusal } from '../domain/issuer-rule.ts';

export type IssuerCallerLookup =
  | { ok: true; caller: IssuerCaller }
  | { ok: false; refusal: HttpResult | Problem };

/** A center registers through Pub/Sub: its projection here usually lands within a second or two. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * 503 + Retry-After, never a fallback to the center id: keying by the id would mint pseudonyms that never
 * match the patient's images. Sent as problem+json bytes, since a plain Problem carries no headers.
 */
function centerNotKnownYet(): HttpResult {
  const body = problem(
    503,
    'issuer-center-unknown',
    'your health center is not known to the tokens service yet. A center registered moments ago is ' +
      `announced within seconds: retry after ${RETRY_AFTER_SECONDS} s. If this persists, your account's ` +
      'centerId names no registered center.',
  );
  return {
    status: 503,
    headers: { 'Content-Type': 'application/problem+json', 'Retry-After': String(RETRY_AFTER_SECONDS) },
    body: Buffer.from(JSON.stringify(body)),
  };
}

export async function issuerCallerOf(principal: Principal): Promise<IssuerCallerLookup> {
  const admin = principal.roles.includes('admin');
  const code = principal.centerId ? await centerCodeOf(principal.centerId) : undefined;
  if (code) return { ok: true, caller: { center: code, mayNameAny: admin } };
  // An admin needs no center of its own: it names the issuer (and must, for local identifiers).
  if (admin) return { ok: true, caller: { mayNameAny: true } };
  if (!principal.centerId)
    return {
      ok: false,
      refusal: problem(403, 'forbidden', 'your account is not attached to a health center'),
    };
  return { ok: false, refusal: centerNotKnownYet() };
}

/** A refused issuer as problem+json, naming the request field that carried it (e.g. `body.issuer`). */
export const issuerProblem = (refusal: IssuerRefusal, field: string): Problem =>
  problem(refusal.status, refusal.slug, `${field}: ${refusal.message}`, [
    { field, message: refusal.message },
  ]);
