/**
 * The live view of an upload as Server-Sent Events: Firestore listeners on the upload's ledger entries and
 * its summary; each change (coalesced) re-reads the view and sends it when it differs from the last one.
 * A comment line keeps idle proxies from closing the stream; the stream ends after `maxMs` (the client
 * reconnects: every event is the whole view, so nothing is lost in between).
 */
import type { Request, Response } from '@google-cloud/functions-framework';
import type { UploadSummaryView } from '../../../schemas/imaging/v1/upload.view.ts';
import type { Principal } from '../../platform/auth.ts';
import { db } from '../../platform/clients.ts';
import { isProblem } from '../../platform/http/problem.ts';
import { INGESTS } from './ingest-ledger.ts';
import { uploadView } from './upload-view.ts';
import { UPLOAD_SUMMARIES } from './uploads.repository.ts';

const COALESCE_MS = 100;
const KEEPALIVE_MS = 15_000;

export async function streamUploadView(
  req: Request,
  res: Response,
  uploadId: string,
  principal: Principal,
  first: UploadSummaryView,
  opts: { maxMs: number; pageSize: number },
): Promise<void> {
  let last = '';
  const send = (view: UploadSummaryView) => {
    const data = JSON.stringify(view);
    if (data === last) return;
    last = data;
    res.write(`event: upload\ndata: ${data}\n\n`);
  };
  res.flushHeaders();
  send(first);
  await new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let busy = Promise.resolve();
    const refresh = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        busy = busy.then(async () => {
          const view = await uploadView(uploadId, principal, { pageSize: opts.pageSize }).catch(
            () => undefined,
          );
          if (view && !isProblem(view)) send(view);
        });
      }, COALESCE_MS);
    };
    const stops = [
      db().collection(INGESTS).where('uploadId', '==', uploadId).onSnapshot(refresh, finish),
      db().collection(UPLOAD_SUMMARIES).doc(uploadId).onSnapshot(refresh, finish),
    ];
    const keepalive = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
    const deadline = setTimeout(finish, opts.maxMs);
    function finish() {
      for (const stop of stops) stop();
      clearInterval(keepalive);
      clearTimeout(deadline);
      if (timer) clearTimeout(timer);
      void busy.finally(() => {
        if (!res.writableEnded) res.end('event: end\ndata: {}\n\n');
        resolve();
      });
    }
    req.on('close', finish);
  });
}
