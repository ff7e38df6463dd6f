/** GET /centers/{code}/imaging-policy — the policy a center's uploads get (the defaults when never set). */
import { CenterCodeParams, ImagingPolicyView } from '../../../schemas/imaging/v1/imaging-policy.body.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { centerByCode } from '../adapters/imaging-centers.repository.ts';
import { policyOf, policyView } from '../adapters/imaging-policies.repository.ts';

export default httpHandler({
  params: CenterCodeParams,
  responses: { 200: ImagingPolicyView, 404: Problem },
  async handle({ params }) {
    if (!(await centerByCode(params.code))) return problem(404, 'not-found', 'no such center');
    return ok(policyView(params.code, await policyOf(params.code)));
  },
});
