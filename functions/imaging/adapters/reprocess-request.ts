/**
 * The HTTP side of reprocessing one quarantine item (`:reprocess`, and `:review` for a held image's pixel
 * review): check the item → publish ReprocessQuarantined → 202 with the item as Location.
 */
import type { PixelReview } from '../../../schemas/imaging/v1/reprocess-quarantined.command.ts';
import { ReprocessQuarantinedV1 } from '../../../schemas/imaging/v1/reprocess-quarantined.command.ts';
import { acceptCommand } from '../../platform/http/accept-command.ts';
import { accepted, type HttpContext } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { actingRole, decideReprocess } from '../domain/quarantine.ts';
import { findItem, type QuarantineItem } from './quarantine-review.repository.ts';
import { quarantineSource } from './reprocess-copy.ts';

type Ctx = HttpContext<unknown, unknown, { id: string }>;

/** Publishes ReprocessQuarantined for the item and answers 202 (an Idempotency-Key replays the answer). */
const queue = (ctx: Ctx, imageId: string, location: string, pixelReview?: PixelReview) =>
  acceptCommand(ctx, {
    command: ReprocessQuarantinedV1,
    data: {
      imageId,
      requestedBy: { uid: ctx.principal.uid, role: actingRole(ctx.principal.roles) },
      ...(pixelReview ? { pixelReview } : {}),
    },
    subject: imageId,
    location,
  });

/**
 * Requests the reprocessing of the path's item; `check` may refuse the item first (a pixel review is for
 * held images only). A repeated request gets the same answer and sends nothing twice.
 */
export async function requestReprocess(
  ctx: Ctx,
  {
    pixelReview,
    check,
  }: {
    pixelReview?: PixelReview;
    check?: (item: QuarantineItem) => ReturnType<typeof problem> | undefined;
  } = {},
) {
  const imageId = ctx.params.id;
  const location = `/quarantine/${imageId}`;
  const item = await findItem(imageId);
  const step = decideReprocess(item);
  if (step.action === 'skip' && step.why === 'not-quarantined')
    return problem(404, 'not-found', 'no such quarantine item');
  if (step.action === 'skip' && step.why === 'discarded')
    return problem(
      409,
      'quarantine-item-discarded',
      'this item was discarded; there is nothing to reprocess',
    );
  if (step.action === 'skip' || !item) {
    // Reprocessed already: the same answer again, and nothing sent.
    const commandId = item?.reprocessAttempt ?? imageId;
    return accepted(location, { commandId, status: 'accepted', location });
  }
  // Under way (`resume`): queued again, so a request can unstick a reprocessing whose copy never left;
  // the handler sends the copy only if the pipeline has not got it, and claims nothing twice.
  if (step.action === 'resume') return queue(ctx, imageId, location, pixelReview);
  const refused = check?.(item);
  if (refused) return refused;
  const source = await quarantineSource(item);
  if (source.kind === 'missing')
    return problem(409, 'quarantine-copy-missing', 'the quarantined original is gone; discard the item');
  if (source.kind === 'sidecar')
    return problem(409, 'sidecar-not-reprocessable', 'a refused sidecar is reprocessed with its image only');
  return queue(ctx, imageId, location, pixelReview);
}
