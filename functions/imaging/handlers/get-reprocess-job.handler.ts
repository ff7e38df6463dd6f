/** GET /quarantine/reprocess-jobs/{id} — a backlog job's progress: total, done, published, still refused, failed. */
import { ReprocessJobIdParams, ReprocessJobView } from '../../../schemas/imaging/v1/quarantine.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { findJob, jobView } from '../adapters/reprocess-jobs.ts';

export default httpHandler({
  params: ReprocessJobIdParams,
  responses: { 200: ReprocessJobView, 404: Problem },
  async handle({ params }) {
    const job = await findJob(params.id);
    return job ? ok(jobView(job)) : problem(404, 'not-found', 'no such reprocessing job');
  },
});
