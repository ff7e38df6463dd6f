// Media download (alt=media and signed GET/HEAD) with Range support and x-goog-* headers.
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parseRange } from './content-range.ts';
import { ApiError } from './errors.ts';
import type { Ctx } from './http-util.ts';
import type { ObjectRecord } from './object-store.ts';

/** Headers the API sets on every media response. */
export function objectHeaders(obj: ObjectRecord): Record<string, string> {
  const h: Record<string, string> = {
    'content-type': obj.contentType,
    'x-goog-generation': obj.generation,
    'x-goog-metageneration': obj.metageneration,
    'x-goog-stored-content-length': obj.size,
    'x-goog-stored-content-encoding': obj.contentEncoding ?? 'identity',
    'x-goog-storage-class': obj.storageClass,
    'x-goog-hash': obj.md5Hash ? `crc32c=${obj.crc32c},md5=${obj.md5Hash}` : `crc32c=${obj.crc32c}`,
    etag: obj.md5Hash ? `"${Buffer.from(obj.md5Hash, 'base64').toString('hex')}"` : `"${obj.etag}"`,
    'last-modified': new Date(obj.updated).toUTCString(),
    'accept-ranges': 'bytes',
  };
  if (obj.cacheControl) h['cache-control'] = obj.cacheControl;
  if (obj.contentDisposition) h['content-disposition'] = obj.contentDisposition;
  if (obj.contentEncoding) h['content-encoding'] = obj.contentEncoding;
  if (obj.contentLanguage) h['content-language'] = obj.contentLanguage;
  for (const [k, v] of Object.entries(obj.metadata ?? {})) {
    if (/^[A-Za-z0-9-]+$/.test(k)) h[`x-goog-meta-${k}`] = String(v);
  }
  return h;
}

/** Streams the object (or the requested byte range) from disk; 416 when the range is unsatisfiable. */
export async function serveMedia(ctx: Ctx, obj: ObjectRecord): Promise<void> {
  const { req, res } = ctx;
  const size = Number(obj.size);
  const range = parseRange(req.headers.range, size);
  const headers = objectHeaders(obj);
  if (range === 'unsatisfiable') {
    throw new ApiError(416, 'The requested range cannot be satisfied.', 'requestedRangeNotSatisfiable', {
      locationType: 'header',
      location: 'Range',
    });
  }
  const path = ctx.store.dataPath(obj);
  if (req.method === 'HEAD') {
    res.writeHead(200, { ...headers, 'content-length': String(size) });
    res.end();
    return;
  }
  // Open before answering, so a concurrently deleted object still fails with a clean status.
  const stream = createReadStream(path, range ? { start: range.start, end: range.end } : {});
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', () =>
      reject(new ApiError(404, `No such object: ${obj.bucket}/${obj.name}`, 'notFound')),
    );
  });
  if (range) {
    res.writeHead(206, {
      ...headers,
      'content-length': String(range.end - range.start + 1),
      'content-range': `bytes ${range.start}-${range.end}/${size}`,
    });
  } else {
    res.writeHead(200, { ...headers, 'content-length': String(size) });
  }
  await pipeline(stream, res).catch(() => undefined); // a client hanging up mid-download is not an error
}
