/** POST /quarantine/{id}:reprocess — a privacy officer reprocesses one item; 202 + its status Location. */
import { QuarantineIdParams } from '../../../schemas/imaging/v1/quarantine.view.ts';
import { ReprocessQuarantinedV1 } from '../../../schemas/imaging/v1/reprocess-quarantined.command.ts';
import { CommandAccepted } from '../../../schemas/platform/v1/command-accepted.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { acceptCommand } from '../../platform/http/accept-command.ts';
import { accepted, type HttpContext, httpHandler } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { findItem } from '../adapters/quarantine-review.repository.ts';
import { quarantineSource } from '../adapters/reprocess-copy.ts';
import { actingRole, decideReprocess } from '../domain/quarantine.ts';

/** Publishes ReprocessQuarantined for the item and answers 202 (an Idempotency-Key replays the answer). */
const queue = (ctx: HttpContext<unknown, unknown, unknown>, imageId: string, location: string) =>
  acceptCommand(ctx, {
    command: ReprocessQuarantinedV1,
    data: { imageId, requestedBy: { uid: ctx.principal.uid, role: actingRole(ctx.principal.roles) } },
    subject: imageId,
    location,
  });

export default httpHandler({
  params: QuarantineIdParams,
  responses: { 202: CommandAccepted, 404: Problem, 409: Problem },
  async handle(ctx) {
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
    if (step.action === 'resume') return queue(ctx, imageId, location);
    const source = await quarantineSource(item);
    if (source.kind === 'missing')
      return problem(409, 'quarantine-copy-missing', 'the quarantined original is gone; discard the item');
    if (source.kind === 'sidecar')
      return problem(
        409,
        'sidecar-not-reprocessable',
        'a refused sidecar is reprocessed with its image only',
      );
    return queue(ctx, imageId, location);
  },
});
