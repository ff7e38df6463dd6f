/**
 * POST /token-seeds — an admin rotates the token seed: a new active version, the old one decrypt-only. With an
 * Idempotency-Key, a retry answers the first rotation (200) instead of rotating again.
 */
import { createHash } from 'node:crypto';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { SeedRotated } from '../../../schemas/tokens/v1/tokens.http.ts';
import { sourceOf } from '../../manifest.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { rotateSeed } from '../lib/rotate.ts';

export default httpHandler({
  responses: { 200: SeedRotated, 201: SeedRotated, 403: Problem },
  async handle({ entry, principal, correlationId, idempotencyKey, log }) {
    const rotationId = idempotencyKey
      ? createHash('sha256').update(`${principal.uid}\n${idempotencyKey}`).digest('hex')
      : undefined;
    const r = await rotateSeed(principal.uid, {
      source: sourceOf(entry),
      correlationId,
      ...(rotationId ? { rotationId } : {}),
    });
    log.info('token seed rotated', { version: r.version, previousVersion: r.previousVersion });
    return {
      status: r.created ? 201 : 200,
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
