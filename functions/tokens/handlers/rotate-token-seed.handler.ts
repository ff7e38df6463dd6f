/** POST /token-seeds — an admin rotates the token seed: a new active version, the old one decrypt-only. */
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { SeedRotated } from '../../../schemas/tokens/v1/tokens.http.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { rotateSeed } from '../lib/rotate.ts';

export default httpHandler({
  responses: { 201: SeedRotated, 403: Problem },
  async handle({ entry, principal, correlationId, log }) {
    const r = await rotateSeed(principal.uid, {
      source: `/saludtech/${entry.context}/${entry.name}`,
      correlationId,
    });
    log.info('token seed rotated', { version: r.version, previousVersion: r.previousVersion });
    return {
      status: 201,
      headers: { Location: `/token-seeds/${r.version}` },
      body: {
        version: r.version,
        status: 'active',
        previousVersion: r.previousVersion,
        createdAt: r.createdAt.toISOString(),
      },
    };
  },
});
