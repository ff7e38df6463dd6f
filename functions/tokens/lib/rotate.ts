/** Rotation: a fresh HSM seed becomes the next active version; the previous one turns decrypt-only. */
import { TokenSeedRotatedV1 } from '../../../schemas/tokens/v1/token-seed-rotated.event.ts';
import { envelope } from '../../platform/messaging/cloudevent.ts';
import { publish as defaultPublish, type Publish } from '../../platform/messaging/publisher.ts';
import { generateSeed } from '../adapters/kms.adapter.ts';
import { storeNextSeed } from '../adapters/seed.repository.ts';
import { keyringCache } from './index.ts';

export interface Rotated {
  version: number;
  previousVersion?: number;
  createdAt: Date;
}

/** Creates, stores and activates the next seed version, then publishes TokenSeedRotated (never key bytes). */
export async function rotateSeed(
  by: string,
  origin: { source: string; correlationId: string },
  publish: Publish = defaultPublish,
): Promise<Rotated> {
  const seed = await generateSeed();
  const stored = await storeNextSeed(seed, by);
  // This instance switches at once; other warm instances within the cache TTL.
  keyringCache().adopt(seed, stored.version);
  const previous = stored.demoted === undefined ? {} : { previousVersion: stored.demoted };
  await publish([
    envelope(
      TokenSeedRotatedV1,
      { version: stored.version, ...previous, rotatedBy: by, rotatedAt: stored.createdAt.toISOString() },
      { ...origin, subject: `token-seeds/${stored.version}` },
    ),
  ]);
  return { version: stored.version, ...previous, createdAt: stored.createdAt };
}
