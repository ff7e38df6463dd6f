/** POST /tokens:detokenize — a re-identification officer reveals reversible tokens, with a purpose, audited. */
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { DetokenizeBody, Detokenized } from '../../../schemas/tokens/v1/tokens.http.ts';
import { sourceOf } from '../../manifest.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { keyringFor } from '../lib/index.ts';
import { reveal } from '../lib/reveal.ts';

export default httpHandler({
  body: DetokenizeBody,
  responses: { 200: Detokenized, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
  async handle({ entry, body, principal, correlationId, log }) {
    const out = await reveal(
      {
        tokens: body.tokens,
        purpose: body.purpose,
        officer: principal.uid,
        correlationId,
        source: sourceOf(entry),
      },
      keyringFor,
    );
    if (!out.ok) return problem(out.status, out.slug, out.detail, out.errors);
    log.info('tokens revealed', { count: out.values.length, officer: principal.uid });
    return ok({ values: out.values });
  },
});
