/** POST /tokens:tokenize — up to 10,000 values → tokens with the active seed; all or nothing. */
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { TokenizeBody, Tokenized } from '../../../schemas/tokens/v1/tokens.http.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { activeKeyring, issuerCallerOf } from '../lib/index.ts';
import { tokenizeBatch } from '../lib/tokenize.ts';

export default httpHandler({
  body: TokenizeBody,
  responses: { 200: Tokenized, 400: Problem, 403: Problem, 503: Problem },
  async handle({ body, principal, log }) {
    // A health center tokenizes as itself (its center code); an admin names the issuer of each local identifier.
    const who = await issuerCallerOf(principal);
    if (!who.ok) return who.refusal;
    const out = await tokenizeBatch(body.items, who.caller, activeKeyring);
    if (!out.ok) return problem(out.status, out.slug, out.detail, out.errors);
    log.info('tokenized', { items: out.tokens.length, seedVersion: out.seedVersion });
    return ok({ seedVersion: out.seedVersion, tokens: out.tokens });
  },
});
