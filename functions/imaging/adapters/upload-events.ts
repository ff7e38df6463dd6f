/** The live view of an upload: listeners on its ledger entries and its summary (see platform/http/sse.ts). */
import type { UploadSummaryView } from '../../../schemas/imaging/v1/upload.view.ts';
import type { Principal } from '../../platform/auth.ts';
import { db } from '../../platform/clients.ts';
import { isProblem } from '../../platform/http/problem.ts';
import type { LiveView } from '../../platform/http/sse.ts';
import { INGESTS } from './ingest-ledger.ts';
import { uploadView } from './upload-view.ts';
import { UPLOAD_SUMMARIES } from './uploads.repository.ts';

export function liveUploadView(
  uploadId: string,
  principal: Principal,
  first: UploadSummaryView,
  opts: { maxMs: number; pageSize: number },
): LiveView<UploadSummaryView> {
  return {
    event: 'upload',
    first,
    maxMs: opts.maxMs,
    reload: async () => {
      const view = await uploadView(uploadId, principal, { pageSize: opts.pageSize });
      return isProblem(view) ? undefined : view;
    },
    listen: (changed, failed) => [
      db().collection(INGESTS).where('uploadId', '==', uploadId).onSnapshot(changed, failed),
      db().collection(UPLOAD_SUMMARIES).doc(uploadId).onSnapshot(changed, failed),
    ],
  };
}
