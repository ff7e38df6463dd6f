/** PUT /centers/{code}/imaging-policy — an admin sets what a center's uploads may be (patient ids, burned-in risk). */
import {
  CenterCodeParams,
  ImagingPolicyBody,
  ImagingPolicyView,
} from '../../../schemas/imaging/v1/imaging-policy.body.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { centerByCode } from '../adapters/imaging-centers.repository.ts';
import { policyView, savePolicy } from '../adapters/imaging-policies.repository.ts';

export default httpHandler({
  params: CenterCodeParams,
  body: ImagingPolicyBody,
  responses: { 200: ImagingPolicyView, 404: Problem },
  async handle({ params, body, log }) {
    if (!(await centerByCode(params.code))) return problem(404, 'not-found', 'no such center');
    const saved = await savePolicy(params.code, body);
    log.info('imaging policy saved', { centerCode: params.code });
    return ok(policyView(params.code, saved));
  },
});
