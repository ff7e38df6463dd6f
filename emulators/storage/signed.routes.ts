// XML API requests authorised by V4 signed URLs: GET/HEAD download, PUT upload, resumable start, DELETE.

import { serveMedia } from './download.routes.ts';
import { ApiError, sendXmlError } from './errors.ts';
import { freshHashState, HashingWriter, writeAll } from './hashing-writer.ts';
import type { Ctx } from './http-util.ts';
import type { ObjectRecord } from './object-store.ts';
import { verifyV4 } from './signed-url.ts';
import { commitUpload, originOf } from './upload.routes.ts';

/** XML API preconditions come as headers rather than query parameters. */
function xmlPreconditions(ctx: Ctx): URLSearchParams {
  const q = new URLSearchParams();
  const gen = ctx.req.headers['x-goog-if-generation-match'];
  const meta = ctx.req.headers['x-goog-if-metageneration-match'];
  if (typeof gen === 'string') q.set('ifGenerationMatch', gen);
  if (typeof meta === 'string') q.set('ifMetagenerationMatch', meta);
  return q;
}

const XML_CODES: Record<number, string> = {
  400: 'InvalidArgument',
  404: 'NoSuchKey',
  412: 'PreconditionFailed',
  416: 'InvalidRange',
};

/** Handles `/BUCKET/OBJECT?X-Goog-Signature=...`; errors answer in XML like the XML API. */
export async function handleSigned(ctx: Ctx, rawPath: string): Promise<void> {
  const { req, res, store } = ctx;
  try {
    const result = verifyV4({
      method: req.method ?? 'GET',
      rawPath,
      query: ctx.query,
      header: (n) => {
        const v = req.headers[n];
        return Array.isArray(v) ? v.join(',') : v;
      },
      now: Date.now(),
      publicKeyFor: (email) => ctx.keys.publicKeyFor(email),
    });
    if (!result.ok) {
      req.resume();
      sendXmlError(res, result.status, result.code, result.message, result.details);
      return;
    }
    const parts = rawPath.split('/').slice(1).map(decodeURIComponent);
    const bucket = parts[0] ?? '';
    const name = parts.slice(1).join('/');
    if (!store.hasBucket(bucket)) {
      req.resume();
      sendXmlError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist.');
      return;
    }
    if (!name) throw new ApiError(400, 'An object name is required.');
    if (req.method === 'GET' || req.method === 'HEAD') {
      const obj = store.findObject(bucket, name);
      if (!obj) throw new ApiError(404, 'The specified key does not exist.');
      await serveMedia(ctx, obj);
      return;
    }
    const fields = {
      contentType: req.headers['content-type'] ?? 'application/octet-stream',
      ...xmlMetadata(ctx),
    };
    if (req.method === 'POST' && req.headers['x-goog-resumable'] === 'start') {
      const session = await ctx.sessions.create({
        bucket,
        name,
        fields,
        preconditions: xmlPreconditions(ctx).toString(),
        total: undefined,
        xml: true,
        ...originOf(req),
      });
      req.resume();
      res.writeHead(201, {
        location: `${ctx.baseUrl}${req.url}&upload_id=${session.id}`,
        'content-length': '0',
      });
      res.end();
      return;
    }
    if (req.method === 'PUT') {
      const file = store.tempPath();
      const hash = freshHashState();
      await writeAll(req as AsyncIterable<Buffer>, new HashingWriter(file, hash));
      const obj = await commitUpload(ctx, {
        file,
        hash,
        bucket,
        name,
        fields,
        preconditions: xmlPreconditions(ctx),
      });
      sendStored(ctx, obj);
      return;
    }
    if (req.method === 'DELETE') {
      await store
        .deleteObject(bucket, name, () => {})
        .catch(() => {
          throw new ApiError(404, 'The specified key does not exist.');
        });
      res.writeHead(204);
      res.end();
      return;
    }
    throw new ApiError(405, `Method ${req.method} not allowed.`);
  } catch (err) {
    req.resume();
    const e = err instanceof ApiError ? err : new ApiError(500, 'Internal error.');
    sendXmlError(res, e.code, XML_CODES[e.code] ?? 'InternalError', e.message);
  }
}

function xmlMetadata(ctx: Ctx): { metadata?: Record<string, string> } {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.req.headers)) {
    if (k.startsWith('x-goog-meta-') && typeof v === 'string') metadata[k.slice('x-goog-meta-'.length)] = v;
  }
  return Object.keys(metadata).length ? { metadata } : {};
}

function sendStored(ctx: Ctx, obj: ObjectRecord): void {
  ctx.res.writeHead(200, {
    etag: `"${Buffer.from(obj.md5Hash ?? '', 'base64').toString('hex')}"`,
    'x-goog-generation': obj.generation,
    'x-goog-metageneration': obj.metageneration,
    'x-goog-hash': `crc32c=${obj.crc32c},md5=${obj.md5Hash}`,
    'content-length': '0',
  });
  ctx.res.end();
}
