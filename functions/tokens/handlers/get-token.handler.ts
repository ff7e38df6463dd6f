/** GET /tokens/{token} — what a token is (kind, field, seed version, vault metadata); never its value. */
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { TokenInfo, TokenParams } from '../../../schemas/tokens/v1/tokens.http.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { loadSeed } from '../adapters/seed.repository.ts';
import { findVaultEntry } from '../adapters/vault.repository.ts';
import { parseToken, reversibleTokenIntact } from '../domain/token-format.ts';
import { keyringFor, SeedUnavailable } from '../lib/index.ts';

const notFound = () => problem(404, 'not-found', 'no such token');

export default httpHandler({
  params: TokenParams,
  responses: { 200: TokenInfo, 400: Problem, 404: Problem },
  async handle({ params }) {
    const parsed = parseToken(params.token);
    if (!parsed) return notFound();
    const seed = await loadSeed(parsed.version);
    if (!seed) return notFound();
    const info = {
      token: params.token,
      kind: parsed.kind,
      field: parsed.field,
      seedVersion: parsed.version,
      seedStatus: seed.status,
    };
    if (parsed.kind === 'pseudonym') return ok(info); // one-way and never stored: nothing more to tell
    if (seed.status !== 'retired') {
      try {
        if (!reversibleTokenIntact(await keyringFor(parsed.version), params.token))
          return problem(400, 'tampered-token', 'the token was altered (its check does not match)', [
            { field: 'path.token', message: 'tampered token' },
          ]);
      } catch (e) {
        if (!(e instanceof SeedUnavailable)) throw e;
      }
    }
    const entry = await findVaultEntry(params.token);
    if (!entry) return notFound();
    return ok({ ...info, createdAt: entry.createdAt.toISOString(), revealCount: entry.revealCount });
  },
});
