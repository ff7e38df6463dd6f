/**
 * POST /quarantine:reprocess — a privacy officer reprocesses a whole backlog (by reason and/or center):
 * the job and its audit record are created, its first page queued; 202 + the job's status Location.
 */
import { randomUUID } from 'node:crypto';
import { ReprocessBacklogBody } from '../../../schemas/imaging/v1/quarantine.view.ts';
import { ReprocessBacklogV1 } from '../../../schemas/imaging/v1/reprocess-backlog.command.ts';
import { CommandAccepted } from '../../../schemas/platform/v1/command-accepted.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { acceptCommand } from '../../platform/http/accept-command.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { recordAudit } from '../adapters/quarantine-review-audit.ts';
import { createJob } from '../adapters/reprocess-jobs.ts';
import { actingRole, auditIdOf } from '../domain/quarantine.ts';

export default httpHandler({
  body: ReprocessBacklogBody,
  responses: { 202: CommandAccepted, 400: Problem },
  handle(ctx) {
    const jobId = randomUUID();
    const createdAt = new Date();
    const requestedBy = { uid: ctx.principal.uid, role: actingRole(ctx.principal.roles) };
    return acceptCommand(ctx, {
      command: ReprocessBacklogV1,
      data: { jobId, filter: ctx.body, requestedBy, cutoff: createdAt.toISOString() },
      subject: jobId,
      location: `/quarantine/reprocess-jobs/${jobId}`,
      reserve: async (tx) => {
        createJob(tx, { jobId, filter: ctx.body, requestedBy, createdAt });
        recordAudit(tx, {
          auditId: auditIdOf('reprocess-backlog', jobId),
          action: 'reprocess-backlog',
          ...requestedBy,
          at: createdAt,
          jobId,
          ...(ctx.body.reason ? { reason: ctx.body.reason } : {}),
        });
        return undefined;
      },
    });
  },
});
