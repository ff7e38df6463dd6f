// Uploads: uploadType=media|multipart, resumable session start, and session PUT/DELETE requests.
import type { IncomingMessage } from 'node:http';
import { parseContentRange } from './content-range.ts';
import { ApiError, badRequest } from './errors.ts';
import {
  cloneHashState,
  digests,
  freshHashState,
  HashingWriter,
  type HashState,
  writeAll,
} from './hashing-writer.ts';
import { type Ctx, pickFields, readJson, sendEmpty, sendJson, validObjectName } from './http-util.ts';
import { boundaryOf, readMultipart } from './multipart.ts';
import type { ObjectRecord } from './object-store.ts';
import { checkPreconditions } from './preconditions.ts';
import { objectResource, WRITABLE_FIELDS } from './resources.ts';
import type { Session } from './resumable-sessions.ts';

/** `x-goog-hash: crc32c=..,md5=..` → the digests a client claims. */
export function parseGoogHash(header: string | string[] | undefined): { crc32c?: string; md5Hash?: string } {
  const out: { crc32c?: string; md5Hash?: string } = {};
  for (const part of [header ?? []].flat().join(',').split(',')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k === 'crc32c') out.crc32c = v;
    if (k === 'md5') out.md5Hash = v;
  }
  return out;
}

function checkClientHashes(
  claimed: { crc32c?: unknown; md5Hash?: unknown },
  actual: { crc32c: string; md5Hash: string },
) {
  if (typeof claimed.crc32c === 'string' && claimed.crc32c !== actual.crc32c) {
    throw badRequest(
      `Provided CRC32C "${claimed.crc32c}" doesn't match calculated CRC32C "${actual.crc32c}".`,
    );
  }
  if (typeof claimed.md5Hash === 'string' && claimed.md5Hash !== actual.md5Hash) {
    throw badRequest(
      `Provided MD5 hash "${claimed.md5Hash}" doesn't match calculated MD5 hash "${actual.md5Hash}".`,
    );
  }
}

/** Commits uploaded bytes as the object's new generation, re-checking preconditions atomically. */
export async function commitUpload(
  ctx: Ctx,
  args: {
    file: string;
    hash: HashState;
    bucket: string;
    name: string;
    fields: Record<string, unknown>;
    preconditions: URLSearchParams;
    claimed?: { crc32c?: unknown; md5Hash?: unknown };
  },
): Promise<ObjectRecord> {
  const d = digests(args.hash);
  checkClientHashes(args.claimed ?? {}, d);
  const { metadata, contentType, ...rest } = args.fields as {
    metadata?: unknown;
    contentType?: unknown;
    storageClass?: unknown;
  };
  return ctx.store.commitObject(
    args.file,
    {
      ...(rest as Partial<ObjectRecord>),
      ...(metadata && typeof metadata === 'object' ? { metadata: metadata as Record<string, string> } : {}),
      bucket: args.bucket,
      name: args.name,
      contentType: typeof contentType === 'string' && contentType ? contentType : 'application/octet-stream',
      storageClass: typeof rest.storageClass === 'string' ? rest.storageClass : 'STANDARD',
      size: String(args.hash.size),
      crc32c: d.crc32c,
      md5Hash: d.md5Hash,
    },
    (existing) => checkPreconditions(args.preconditions, existing),
  );
}

/** POST /upload/storage/v1/b/B/o?uploadType=... */
export async function handleUpload(ctx: Ctx, bucket: string): Promise<void> {
  const { req, res, query, store } = ctx;
  store.getBucket(bucket);
  const uploadType = query.get('uploadType') ?? 'media';
  if (uploadType === 'resumable') {
    const body = await readJson(req);
    const name = validObjectName((body.name as string | undefined) ?? query.get('name'));
    checkPreconditions(query, store.findObject(bucket, name));
    const fields = pickFields(body, WRITABLE_FIELDS);
    const headerType = req.headers['x-upload-content-type'];
    if (!fields.contentType && typeof headerType === 'string') fields.contentType = headerType;
    const declared = req.headers['x-upload-content-length'];
    const session = await ctx.sessions.create({
      bucket,
      name,
      fields,
      preconditions: query.toString(),
      total: typeof declared === 'string' && /^\d+$/.test(declared) ? Number(declared) : undefined,
      xml: false,
      ...originOf(req),
    });
    const location = `${ctx.baseUrl}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=resumable&name=${encodeURIComponent(name)}&upload_id=${session.id}`;
    sendEmpty(res, 200, { location, 'x-guploader-uploadid': session.id });
    return;
  }
  const file = store.tempPath();
  const hash = freshHashState();
  let name: string;
  let fields: Record<string, unknown>;
  let claimed: Record<string, unknown> = {};
  if (uploadType === 'multipart') {
    const mp = await readMultipart(req as AsyncIterable<Buffer>, boundaryOf(req.headers['content-type']));
    name = validObjectName((mp.metadata.name as string | undefined) ?? query.get('name'));
    fields = pickFields(mp.metadata, WRITABLE_FIELDS);
    if (!fields.contentType && mp.mediaContentType) fields.contentType = mp.mediaContentType;
    claimed = mp.metadata;
    await writeAll(mp.media, new HashingWriter(file, hash));
    await mp.finish();
  } else if (uploadType === 'media') {
    name = validObjectName(query.get('name'));
    fields = { contentType: req.headers['content-type'] };
    await writeAll(req as AsyncIterable<Buffer>, new HashingWriter(file, hash));
  } else {
    throw badRequest(`Invalid upload type: ${uploadType}`);
  }
  const obj = await commitUpload(ctx, { file, hash, bucket, name, fields, preconditions: query, claimed });
  sendJson(res, 200, objectResource(obj, ctx.baseUrl));
}

function rangeHeader(received: number): Record<string, string> {
  return received > 0 ? { range: `bytes=0-${received - 1}` } : {};
}

/** Streams a chunk body into the part file, skipping bytes the session already holds. */
async function appendChunk(req: IncomingMessage, writer: HashingWriter, skip: number): Promise<number> {
  let seen = 0;
  async function* tail() {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      const from = Math.max(0, Math.min(chunk.length, skip - seen));
      seen += chunk.length;
      if (from < chunk.length) yield from === 0 ? chunk : chunk.subarray(from);
    }
  }
  await writeAll(tail(), writer);
  return seen;
}

async function finalize(ctx: Ctx, s: Session, hash: HashState): Promise<void> {
  const obj = await commitUpload(ctx, {
    file: ctx.sessions.partPath(s.id),
    hash,
    bucket: s.bucket,
    name: s.name,
    fields: s.fields,
    preconditions: new URLSearchParams(s.preconditions),
    claimed: parseGoogHash(ctx.req.headers['x-goog-hash']),
  }).catch(async (err: unknown) => {
    if (err instanceof ApiError && err.code === 400) return Promise.reject(err); // bad hash: session stays usable
    await ctx.sessions.cancel(s);
    throw err;
  });
  await ctx.sessions.finish(s, obj.generation);
  sendSessionDone(ctx, obj, s.xml);
}

function sendSessionDone(ctx: Ctx, obj: ObjectRecord, xml: boolean): void {
  if (xml) {
    sendEmpty(ctx.res, 200, {
      etag: `"${Buffer.from(obj.md5Hash ?? '', 'base64').toString('hex')}"`,
      'x-goog-generation': obj.generation,
      'x-goog-metageneration': obj.metageneration,
      'x-goog-hash': `crc32c=${obj.crc32c},md5=${obj.md5Hash}`,
    });
  } else {
    sendJson(ctx.res, 200, objectResource(obj, ctx.baseUrl));
  }
}

/** The initiating request's Origin, kept on the session for CORS. */
export const originOf = (req: Ctx['req']): { origin?: string } =>
  typeof req.headers.origin === 'string' ? { origin: req.headers.origin } : {};

/**
 * CORS on a session URI: a request from the session's own origin gets the allow headers, and its preflight
 * (OPTIONS) is answered here. Any other origin gets none (the browser then refuses to read the answer).
 * Returns true when the request has been answered.
 */
function sessionCors(ctx: Ctx, s: Session): boolean {
  const { req, res } = ctx;
  const origin = req.headers.origin;
  const allowed = s.origin !== undefined && origin === s.origin;
  if (allowed) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', 'Range, X-GUploader-UploadID, Content-Type, ETag');
    res.setHeader('Vary', 'Origin');
  }
  if (req.method !== 'OPTIONS') return false;
  req.resume();
  if (!allowed) {
    sendEmpty(res, 403);
    return true;
  }
  res.setHeader('Access-Control-Allow-Methods', 'PUT, POST, DELETE, OPTIONS');
  const asked = req.headers['access-control-request-headers'];
  if (typeof asked === 'string') res.setHeader('Access-Control-Allow-Headers', asked);
  res.setHeader('Access-Control-Max-Age', '3600');
  sendEmpty(res, 200);
  return true;
}

/** PUT/POST/DELETE on a session URI (`upload_id=`), for the JSON and the XML API alike. */
export async function handleSession(ctx: Ctx, uploadId: string): Promise<void> {
  const { req, res, sessions } = ctx;
  await sessions.exclusive(uploadId, async () => {
    const s = await sessions.get(uploadId);
    if (sessionCors(ctx, s)) return;
    if (s.state === 'cancelled') throw new ApiError(410, 'The upload session was cancelled.', 'gone');
    if (req.method === 'DELETE') {
      if (s.state === 'active') await sessions.cancel(s);
      sendEmpty(res, 499);
      return;
    }
    if (req.method !== 'PUT' && req.method !== 'POST')
      throw new ApiError(405, 'Method not allowed.', 'methodNotAllowed');
    if (s.state === 'final') {
      // Re-sending after success answers the finished object, as the API does.
      const obj = ctx.store.findObject(s.bucket, s.name);
      if (obj && obj.generation === s.generation) {
        req.resume();
        sendSessionDone(ctx, obj, s.xml);
        return;
      }
      throw new ApiError(410, 'The upload session has already completed.', 'gone');
    }
    const header = req.headers['content-range'];
    const range =
      header === undefined && s.received === 0
        ? parseContentRange(`bytes 0-*/${s.total ?? '*'}`)
        : parseContentRange(header);
    if (!range) throw badRequest(`Invalid Content-Range header: ${header ?? '(missing)'}`);
    const hash = await sessions.hashState(s);
    if (range.total !== undefined && s.total !== undefined && range.total !== s.total) {
      throw badRequest(`Content-Range total ${range.total} differs from the declared size ${s.total}.`);
    }
    const total = range.total ?? s.total;
    if (range.kind === 'status') {
      req.resume();
      if (range.total !== undefined) {
        if (range.total !== s.received)
          throw badRequest(`Upload incomplete: ${s.received} of ${range.total} bytes.`);
        await finalize(ctx, { ...s, total: range.total }, hash);
        return;
      }
      sendEmpty(res, 308, rangeHeader(s.received));
      return;
    }
    if (range.start > s.received) {
      req.resume();
      throw badRequest(`Content-Range starts at ${range.start} but only ${s.received} bytes were received.`);
    }
    const snapshot = cloneHashState(hash);
    const writer = new HashingWriter(sessions.partPath(s.id), hash, true);
    let bodyBytes: number;
    try {
      bodyBytes = await appendChunk(req, writer, s.received - range.start);
    } catch (err) {
      await sessions.rollback(s, snapshot);
      throw err;
    }
    const received = hash.size;
    const expected = range.end === undefined ? undefined : range.end - range.start + 1;
    const tooLong = total !== undefined && received > total;
    if ((expected !== undefined && bodyBytes !== expected) || tooLong) {
      await sessions.rollback(s, snapshot);
      throw badRequest(
        tooLong
          ? `The upload exceeds the declared size of ${total} bytes.`
          : `Content-Range declares ${expected} bytes but the request carried ${bodyBytes}.`,
      );
    }
    const next: Session = {
      ...s,
      received,
      total: range.end === undefined && total === undefined ? received : total,
    };
    await sessions.save(next);
    if (next.total !== undefined && received === next.total) {
      await finalize(ctx, next, hash);
      return;
    }
    // More to come (or an `a-*/T` request that ended early): report what is persisted.
    sendEmpty(res, 308, rangeHeader(received));
  });
}
