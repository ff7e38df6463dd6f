// Cloud Storage JSON API stand-in on node:http: routing, lifecycle and event wiring.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleBuckets } from './bucket.routes.ts';
import { ApiError, notFound, sendJsonError, toApiError } from './errors.ts';
import { CloudEventDispatcher, DEFAULT_RETRY, type RetryPolicy, type Trigger } from './finalize-events.ts';
import { type Ctx, segments, sendJson } from './http-util.ts';
import { handleNotificationRoute, NotificationPublisher } from './notifications.ts';
import { handleObjects } from './object.routes.ts';
import { ObjectStore } from './object-store.ts';
import { SessionStore } from './resumable-sessions.ts';
import { handleSigned } from './signed.routes.ts';
import { loadSigningKeys, type SigningKeys } from './signing-credentials.ts';
import { handleSession, handleUpload } from './upload.routes.ts';

export interface StorageEmulatorOptions {
  port: number;
  host?: string;
  dataDir: string;
  projectId: string;
  triggers?: Array<{ bucket: string; eventType: 'finalized' | 'deleted'; url: string }>;
  retry?: { attempts: number; baseDelayMs: number };
}

export interface StorageEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Clients send JSON API paths with or without `/storage/v1`, and gcloud starts resumable uploads
 * on `/resumable/upload/storage/v1/...`: map them all onto `/b/...`, `/upload/b/...`, `/download/b/...`.
 */
export function normalizePath(rawPath: string): string {
  const m = /^\/(?:resumable\/)?(upload\/|download\/)?storage\/v1(\/.*)?$/.exec(rawPath);
  if (!m) return rawPath;
  return `/${m[1] ?? ''}`.replace(/\/$/, '') + (m[2] ?? '') || '/';
}

interface Deps {
  store: ObjectStore;
  sessions: SessionStore;
  keys: SigningKeys;
  projectId: string;
}

async function route(deps: Deps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const host = req.headers.host ?? '127.0.0.1';
  const url = new URL(req.url ?? '/', `http://${host}`);
  const ctx: Ctx = { req, res, url, query: url.searchParams, baseUrl: `http://${host}`, ...deps };
  const uploadId = url.searchParams.get('upload_id');
  if (uploadId !== null) return handleSession(ctx, uploadId);
  if (url.pathname === '/_health') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
    return;
  }
  if (url.pathname === '/_emulator/signing-credentials') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(deps.keys.credentials));
    return;
  }
  if (url.searchParams.has('X-Goog-Signature') || url.searchParams.has('X-Goog-Algorithm')) {
    return handleSigned(ctx, url.pathname);
  }
  const segs = segments(normalizePath(url.pathname));
  if (segs[0] === 'b') {
    const bucket = segs[1];
    if (segs.length <= 2) return handleBuckets(ctx, bucket || undefined);
    if (bucket && segs[2] === 'o') return handleObjects(ctx, bucket, segs.slice(3));
    if (bucket && segs[2] === 'storageLayout' && segs.length === 3) {
      // gcloud asks for it before `mv` (to detect hierarchical namespaces).
      const b = deps.store.getBucket(bucket);
      return sendJson(res, 200, {
        kind: 'storage#storageLayout',
        bucket,
        location: b.location,
        locationType: 'multi-region',
        hierarchicalNamespace: { enabled: false },
      });
    }
    if (bucket && segs[2] === 'managedFolders' && segs.length === 3 && req.method === 'GET') {
      // gcloud lists managed folders before `rm -r`; this stand-in has none.
      deps.store.getBucket(bucket);
      return sendJson(res, 200, { kind: 'storage#managedFolders', items: [] });
    }
    if (bucket && segs[2] === 'notificationConfigs' && segs.length <= 4) {
      return handleNotificationRoute(ctx, bucket, segs[3]);
    }
  }
  if (segs[0] === 'upload' && segs[1] === 'b' && segs[2] && segs[3] === 'o' && segs.length === 4) {
    if (req.method !== 'POST')
      throw new ApiError(405, `Method ${req.method} not allowed.`, 'methodNotAllowed');
    return handleUpload(ctx, segs[2]);
  }
  if (segs[0] === 'download' && segs[1] === 'b' && segs[2] && segs[3] === 'o' && segs.length >= 5) {
    url.searchParams.set('alt', 'media');
    return handleObjects(ctx, segs[2], segs.slice(4));
  }
  throw notFound(`Not Found: ${req.method} ${url.pathname}`);
}

export async function startStorageEmulator(opts: StorageEmulatorOptions): Promise<StorageEmulator> {
  const store = await ObjectStore.open(opts.dataDir);
  const keys = loadSigningKeys(opts.dataDir);
  const deps: Deps = { store, sessions: new SessionStore(store), keys, projectId: opts.projectId };
  let url = '';
  const dispatcher = new CloudEventDispatcher(
    (opts.triggers ?? []) as Trigger[],
    (opts.retry as RetryPolicy | undefined) ?? DEFAULT_RETRY,
    () => url,
  );
  const publisher = new NotificationPublisher(store, opts.projectId, () => url);
  store.listener = (kind, obj, overwrittenBy) => {
    if (kind !== 'metadataUpdated') dispatcher.dispatch(kind, obj);
    publisher.publish(kind, obj, overwrittenBy);
  };

  // STORAGE_EMULATOR_LOG=1 prints one line per request, for finding out what a client sends.
  const logRequests = process.env.STORAGE_EMULATOR_LOG === '1';
  const server = createServer((req, res) => {
    if (logRequests) res.on('finish', () => console.error(`${req.method} ${req.url} -> ${res.statusCode}`));
    route(deps, req, res).catch((err: unknown) => {
      const apiErr = toApiError(err);
      if (apiErr.code >= 500) console.error('storage emulator: internal error', err);
      req.resume();
      sendJsonError(res, apiErr);
    });
  });
  // Large uploads stream for a long time; Node's default 5-minute request timeout would cut them.
  server.requestTimeout = 0;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${host}:${port}`;
  return {
    url,
    port,
    async close() {
      dispatcher.close();
      await publisher.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
