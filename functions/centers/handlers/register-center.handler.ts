/** POST /centers — an admin registers a health center; answers 202 and queues RegisterCenter. */
import { randomUUID } from 'node:crypto';
import { RegisterCenterBody, RegisterCenterV1 } from '../../../schemas/centers/v1/register-center.command.ts';
import { CommandAccepted } from '../../../schemas/platform/v1/command-accepted.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { acceptCommand } from '../../platform/http/accept-command.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { claimCenterCode } from '../adapters/center.repository.ts';

export default httpHandler({
  body: RegisterCenterBody,
  responses: { 202: CommandAccepted, 409: Problem },
  handle: (ctx) => {
    const centerId = randomUUID();
    return acceptCommand(ctx, {
      command: RegisterCenterV1,
      data: { ...ctx.body, centerId, requestedBy: ctx.principal.uid },
      subject: centerId,
      location: `/centers/${centerId}`,
      reserve: async (tx, commandId) =>
        (await claimCenterCode(tx, ctx.body.code, centerId, commandId))
          ? undefined
          : problem(409, 'center-code-taken', 'a center with this code is already registered', [
              { field: 'body.code', message: 'already registered' },
            ]),
    });
  },
});
