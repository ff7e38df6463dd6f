/**
 * A view as Server-Sent Events: the first view now, then, on every change its listeners report
 * (coalesced), the view re-read and sent when it differs from the last one sent. A comment line keeps idle
 * proxies from closing the stream; it ends after `maxMs` with an `end` event (every event is the whole
 * view, so a client that reconnects loses nothing).
 */
import type { Request, Response } from '@google-cloud/functions-framework';

const COALESCE_MS = 100;
const KEEPALIVE_MS = 15_000;

export interface LiveView<T> {
  /** The event name of each view. */
  event: string;
  first: T;
  /** The view now; undefined to skip this change (e.g. a transient read error). */
  reload(): Promise<T | undefined>;
  /** Starts listeners that call `changed` (or `failed`, which ends the stream); returns their stops. */
  listen(changed: () => void, failed: () => void): (() => void)[];
  maxMs: number;
}

/** Headers of an event stream (no caching, no proxy buffering). */
export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache',
  'X-Accel-Buffering': 'no',
};

export async function streamLiveView<T>(req: Request, res: Response, v: LiveView<T>): Promise<void> {
  let last = '';
  const send = (view: T) => {
    const data = JSON.stringify(view);
    if (data === last) return;
    last = data;
    res.write(`event: ${v.event}\ndata: ${data}\n\n`);
  };
  res.flushHeaders();
  send(v.first);
  await new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let busy = Promise.resolve();
    const changed = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        busy = busy.then(async () => {
          const view = await v.reload().catch(() => undefined);
          if (view !== undefined) send(view);
        });
      }, COALESCE_MS);
    };
    let stops: (() => void)[] = [];
    const keepalive = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
    const deadline = setTimeout(finish, v.maxMs);
    let finished = false;
    function finish() {
      if (finished) return;
      finished = true;
      for (const stop of stops) stop();
      clearInterval(keepalive);
      clearTimeout(deadline);
      if (timer) clearTimeout(timer);
      void busy.finally(() => {
        if (!res.writableEnded) res.end('event: end\ndata: {}\n\n');
        resolve();
      });
    }
    stops = v.listen(changed, finish);
    req.on('close', finish);
  });
}
