/** POST /quarantine/{id}:reprocess — a privacy officer reprocesses one item; 202 + its status Location. */
import { QuarantineIdParams } from '../../../schemas/imaging/v1/quarantine.view.ts';
import { CommandAccepted } from '../../../schemas/platform/v1/command-accepted.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { requestReprocess } from '../adapters/reprocess-request.ts';

export default httpHandler({
  params: QuarantineIdParams,
  responses: { 202: CommandAccepted, 404: Problem, 409: Problem },
  handle: (ctx) => requestReprocess(ctx),
});
