/**
 * POST /quarantine/{id}:review — a privacy officer's pixel review of a held image: the regions they drew
 * are filled on every frame (none: the pixels are safe as they are) and the image is published; the
 * review is audited. Refused files are reprocessed instead (`:reprocess`). 202 + the item as Location.
 */
import { PixelReviewBody, QuarantineIdParams } from '../../../schemas/imaging/v1/quarantine.view.ts';
import { CommandAccepted } from '../../../schemas/platform/v1/command-accepted.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { requestReprocess } from '../adapters/reprocess-request.ts';

export default httpHandler({
  params: QuarantineIdParams,
  body: PixelReviewBody,
  responses: { 202: CommandAccepted, 404: Problem, 409: Problem },
  handle: (ctx) =>
    requestReprocess(ctx, {
      pixelReview: ctx.body,
      check: (item) =>
        item.status === 'held'
          ? undefined
          : problem(
              409,
              'not-held',
              'only an image held for pixel review can be reviewed; reprocess a refused file',
            ),
    }),
});
