/**
 * Who may name the issuer of a local identifier (an MRN, an accession number). The issuer scopes the
 * pseudonym: a caller that could name another center's issuer could compute that center's pseudonyms (a
 * pseudonym oracle over its MRN namespace) and attach data to its patients. So a center is always the issuer
 * of its own identifiers; only an admin (or another context's trusted in-process call) names another, and an
 * admin with no center of its own must name one where the field needs it. Pure: tokenize and record-result
 * both decide with this one function.
 */

export interface IssuerCaller {
  /** The CODE of the center the caller acts for: the issuer key imaging uses for the same patients. */
  center?: string;
  /** Admins, and other contexts' in-process calls, may name any issuer. */
  mayNameAny: boolean;
}

/** Trusted in-process callers (imaging, notifications…): they name the issuer of each item themselves. */
export const IN_PROCESS: IssuerCaller = { mayNameAny: true };

export type IssuerRefusal = {
  ok: false;
  status: 400 | 403;
  slug: 'forbidden-issuer' | 'issuer-required';
  message: string;
};

export type IssuerDecision<I extends string | undefined = string | undefined> =
  | { ok: true; issuer: I }
  | IssuerRefusal;

const forbidden = (message: string): IssuerRefusal => ({
  ok: false,
  status: 403,
  slug: 'forbidden-issuer',
  message,
});

/**
 * The issuer to key with: `requested` if the caller may name it, else the caller's own center. `required`:
 * the field is scoped to its issuer (not shared), so there must be one.
 */
export function decideIssuer(
  caller: IssuerCaller,
  requested: string | undefined,
  required: true,
): IssuerDecision<string>;
export function decideIssuer(
  caller: IssuerCaller,
  requested: string | undefined,
  required: boolean,
): IssuerDecision;
export function decideIssuer(
  caller: IssuerCaller,
  requested: string | undefined,
  required: boolean,
): IssuerDecision {
  if (!caller.mayNameAny) {
    if (caller.center === undefined) return forbidden('the caller acts for no health center');
    if (requested !== undefined && requested !== caller.center)
      return forbidden('a health center is the issuer of its own identifiers only');
  }
  const issuer = requested ?? caller.center;
  if (issuer === undefined && required)
    return { ok: false, status: 400, slug: 'issuer-required', message: 'required for this field' };
  return { ok: true, issuer };
}
