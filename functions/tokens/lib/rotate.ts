/** Rotation: a fresh HSM seed becomes the next active version; the previous one turns decrypt-only. */
import { TokenSeedRotatedV1 } from '../../../schemas/tokens/v1/token-seed-rotated.event.ts';
import { log } from '../../platform/logger.ts';
import { envelope } from '../../platform/messaging/cloudevent.ts';
import { relayStaged } from '../../platform/messaging/outbox.ts';
import { publish as defaultPublish, type Publish } from '../../platform/messaging/publisher.ts';
import { generateSeed } from '../adapters/kms.adapter.ts';
import { storeNextSeed } from '../adapters/seed.repository.ts';
import { keyringCache } from './index.ts';

export interface Rotated {
  version: number;
  previousVersion?: number;
  createdAt: Date;
  /** False when `rotationId` was seen before: the earlier rotation is answered, nothing rotates again. */
  created: boolean;
}

/**
 * Creates, stores and activates the next seed version; TokenSeedRotated (never key bytes) commits with it
 * in the outbox. A `rotationId` (from the request's Idempotency-Key) makes a retry answer the first rotation.
 */
export async function rotateSeed(
  by: string,
  origin: { source: string; correlationId: string; rotationId?: string },
  publish: Publish = defaultPublish,
): Promise<Rotated> {
  const seed = await generateSeed();
  const stored = await storeNextSeed(seed, by, {
    ...(origin.rotationId ? { rotationId: origin.rotationId } : {}),
    events: (a) => [
      envelope(
        TokenSeedRotatedV1,
        {
          version: a.version,
          ...(a.demoted === undefined ? {} : { previousVersion: a.demoted }),
          rotatedBy: by,
          rotatedAt: a.createdAt.toISOString(),
        },
        { source: origin.source, correlationId: origin.correlationId, subject: `token-seeds/${a.version}` },
      ),
    ],
  });
  // This instance switches at once; other warm instances within the cache TTL.
  if (stored.created) keyringCache().adopt(seed, stored.version);
  await relayStaged(stored.events, log, publish);
  const previous = stored.demoted === undefined ? {} : { previousVersion: stored.demoted };
  return { version: stored.version, ...previous, createdAt: stored.createdAt, created: stored.created };
}
