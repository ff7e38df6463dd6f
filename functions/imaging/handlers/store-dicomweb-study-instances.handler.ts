/**
 * POST /dicomweb/studies/{study} — STOW-RS into a named study: the same transaction as POST /dicomweb/studies
 * (`store-dicomweb-instances.handler.ts`), where an instance of another study is refused (Failure Reason C409).
 */
import { StudyParams } from '../../../schemas/imaging/v1/stow-response.view.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { STOW_RESPONSES, storeInstances } from './store-dicomweb-instances.handler.ts';

export default httpHandler({
  params: StudyParams,
  responses: STOW_RESPONSES,
  handle: (ctx) => storeInstances(ctx, ctx.params.study),
});
