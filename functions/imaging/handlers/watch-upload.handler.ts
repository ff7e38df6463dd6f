/**
 * GET /uploads/{uploadId}/events — the upload's view (as GET /uploads/{uploadId}, first 100 files) as
 * Server-Sent Events: one `upload` event now and one on every change, until the client leaves or the
 * stream's time is up (`end`). Same access as GET /uploads/{uploadId}: the center's users and admins.
 */
import { UploadIdParams, UploadSummaryView } from '../../../schemas/imaging/v1/upload.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { isProblem } from '../../platform/http/problem.ts';
import { SSE_HEADERS, streamLiveView } from '../../platform/http/sse.ts';
import { liveUploadView } from '../adapters/upload-events.ts';
import { uploadView } from '../adapters/upload-view.ts';

const PAGE = 100;
/** Below the function's timeout, so the stream ends cleanly and the client reconnects. */
const MAX_STREAM_MS = 5 * 60_000;

export default httpHandler({
  params: UploadIdParams,
  responses: { 200: UploadSummaryView, 403: Problem, 404: Problem },
  async handle({ params, principal, req }) {
    const first = await uploadView(params.uploadId, principal, { pageSize: PAGE });
    if (isProblem(first)) return first;
    return {
      status: 200,
      headers: SSE_HEADERS,
      stream: (res) =>
        streamLiveView(
          req,
          res,
          liveUploadView(params.uploadId, principal, first, { maxMs: MAX_STREAM_MS, pageSize: PAGE }),
        ),
    };
  },
});
