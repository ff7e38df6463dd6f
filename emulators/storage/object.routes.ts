// JSON API object routes: list, get (metadata or media), patch/update, delete, rewrite/copy/move, compose.
import { createReadStream } from 'node:fs';
import { copyFile, link } from 'node:fs/promises';
import { serveMedia } from './download.routes.ts';
import { ApiError, badRequest, noSuchObject } from './errors.ts';
import { digests, freshHashState, HashingWriter, writeAll } from './hashing-writer.ts';
import { type Ctx, pickFields, readJson, sendEmpty, sendJson, validObjectName } from './http-util.ts';
import { listPage, parseListQuery } from './list-objects.ts';
import type { ObjectRecord } from './object-store.ts';
import { checkPreconditions } from './preconditions.ts';
import { objectResource, WRITABLE_FIELDS } from './resources.ts';

const ACTIONS = new Set(['rewriteTo', 'copyTo', 'moveTo', 'compose']);

/** Splits `/b/B/o/<rest>` into the object name and an optional action suffix. */
export function splitObjectPath(rest: string[]): { name: string; action: string[] } {
  const idx = rest.findIndex((s, i) => i > 0 && ACTIONS.has(s));
  if (idx < 0) return { name: rest.join('/'), action: [] };
  return { name: rest.slice(0, idx).join('/'), action: rest.slice(idx) };
}

/** The current object, honouring an explicit `generation` (only the live one exists here). */
function liveObject(ctx: Ctx, bucket: string, name: string, generationParam: string | null): ObjectRecord {
  const obj = ctx.store.getObject(bucket, name);
  if (generationParam !== null && generationParam !== obj.generation) throw noSuchObject(bucket, name);
  return obj;
}

export async function handleObjects(ctx: Ctx, bucket: string, rest: string[]): Promise<void> {
  const { req, res, query, store } = ctx;
  store.getBucket(bucket);
  if (rest.length === 0) {
    if (req.method !== 'GET') throw badRequest('Uploads go to /upload/storage/v1/b/BUCKET/o.');
    const { names, objects } = store.sortedNames(bucket);
    const page = listPage(names, parseListQuery(query));
    sendJson(res, 200, {
      kind: 'storage#objects',
      ...(page.prefixes.length ? { prefixes: page.prefixes } : {}),
      items: page.names.map((n) => objectResource(objects.get(n) as ObjectRecord, ctx.baseUrl)),
      ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    });
    return;
  }
  const { name, action } = splitObjectPath(rest);
  validObjectName(name);
  if (action.length > 0) {
    await handleAction(ctx, bucket, name, action);
    return;
  }
  switch (req.method) {
    case 'GET':
    case 'HEAD': {
      const obj = liveObject(ctx, bucket, name, query.get('generation'));
      checkPreconditions(query, obj, { read: true });
      if (query.get('alt') === 'media') await serveMedia(ctx, obj);
      else sendJson(res, 200, objectResource(obj, ctx.baseUrl));
      return;
    }
    case 'PATCH':
    case 'PUT': {
      const body = await readJson(req);
      const changes = pickFields(body, WRITABLE_FIELDS);
      liveObject(ctx, bucket, name, query.get('generation'));
      const obj = await store.updateObject(bucket, name, (current) => {
        checkPreconditions(query, current);
        return req.method === 'PATCH' ? applyPatch(current, changes) : applyUpdate(current, changes);
      });
      sendJson(res, 200, objectResource(obj, ctx.baseUrl));
      return;
    }
    case 'DELETE': {
      liveObject(ctx, bucket, name, query.get('generation'));
      await store.deleteObject(bucket, name, (existing) => checkPreconditions(query, existing));
      sendEmpty(res, 204);
      return;
    }
    default:
      throw new ApiError(405, `Method ${req.method} not allowed.`, 'methodNotAllowed');
  }
}

/** PATCH semantics: listed fields change, `null` clears; metadata keys merge (`null` removes a key). */
export function applyPatch(current: ObjectRecord, changes: Record<string, unknown>): ObjectRecord {
  const next: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(changes)) {
    if (k === 'metadata') {
      const merged: Record<string, string> = { ...(current.metadata ?? {}) };
      for (const [mk, mv] of Object.entries((v ?? {}) as Record<string, unknown>)) {
        if (mv === null) delete merged[mk];
        else merged[mk] = String(mv);
      }
      if (v === null || Object.keys(merged).length === 0) delete next.metadata;
      else next.metadata = merged;
    } else if (v === null) {
      delete next[k];
    } else {
      next[k] = v;
    }
  }
  next.contentType ??= 'application/octet-stream';
  return next as unknown as ObjectRecord;
}

/** PUT (update) semantics: writable fields are replaced as a whole. */
function applyUpdate(current: ObjectRecord, changes: Record<string, unknown>): ObjectRecord {
  const next: Record<string, unknown> = { ...current };
  for (const f of WRITABLE_FIELDS) delete next[f];
  next.storageClass = current.storageClass;
  return applyPatch(next as unknown as ObjectRecord, changes);
}

async function handleAction(ctx: Ctx, bucket: string, name: string, action: string[]): Promise<void> {
  const { req, res, query, store } = ctx;
  if (req.method !== 'POST') throw new ApiError(405, `Method ${req.method} not allowed.`, 'methodNotAllowed');
  const [verb, ...target] = action;
  if (verb === 'compose') {
    await compose(ctx, bucket, name);
    return;
  }
  let destBucket = bucket;
  let destName: string;
  if (
    (verb === 'rewriteTo' || verb === 'copyTo') &&
    target[0] === 'b' &&
    target[2] === 'o' &&
    target.length >= 4
  ) {
    destBucket = target[1] as string;
    destName = target.slice(3).join('/');
  } else if (verb === 'moveTo' && target[0] === 'o' && target.length >= 2) {
    destName = target.slice(1).join('/');
  } else {
    throw badRequest(`Invalid ${verb} path.`);
  }
  validObjectName(destName);
  store.getBucket(destBucket);
  const body = await readJson(req);
  const src = liveObject(ctx, bucket, name, query.get('sourceGeneration'));
  checkPreconditions(query, src, { prefix: 'Source' });
  const obj = await copyObject(ctx, src, destBucket, destName, pickFields(body, WRITABLE_FIELDS));
  if (verb === 'moveTo') {
    await store.deleteObject(bucket, name, () => {}).catch(() => undefined);
  }
  if (verb === 'rewriteTo') {
    sendJson(res, 200, {
      kind: 'storage#rewriteResponse',
      totalBytesRewritten: obj.size,
      objectSize: obj.size,
      done: true,
      resource: objectResource(obj, ctx.baseUrl),
    });
  } else {
    sendJson(res, 200, objectResource(obj, ctx.baseUrl));
  }
}

/** Copies by hard link: data files are immutable once committed, so sharing the inode is safe. */
async function copyObject(
  ctx: Ctx,
  src: ObjectRecord,
  destBucket: string,
  destName: string,
  overrides: Record<string, unknown>,
): Promise<ObjectRecord> {
  const temp = ctx.store.tempPath();
  try {
    await link(ctx.store.dataPath(src), temp);
  } catch {
    await copyFile(ctx.store.dataPath(src), temp).catch(() => {
      throw noSuchObject(src.bucket, src.name);
    });
  }
  const base: Record<string, unknown> = {};
  for (const f of WRITABLE_FIELDS) if (src[f] !== undefined) base[f] = src[f];
  const fields = Object.keys(overrides).length
    ? applyPatch(base as unknown as ObjectRecord, overrides)
    : base;
  return ctx.store.commitObject(
    temp,
    {
      ...(fields as Partial<ObjectRecord>),
      contentType: (fields.contentType as string | undefined) ?? 'application/octet-stream',
      storageClass: (fields.storageClass as string | undefined) ?? 'STANDARD',
      bucket: destBucket,
      name: destName,
      size: src.size,
      crc32c: src.crc32c,
      ...(src.md5Hash ? { md5Hash: src.md5Hash } : {}),
      ...(src.componentCount ? { componentCount: src.componentCount } : {}),
    },
    (existing) => checkPreconditions(ctx.query, existing),
  );
}

/** POST /b/B/o/DEST/compose: concatenates up to 32 sources; composites carry crc32c but no md5Hash. */
async function compose(ctx: Ctx, bucket: string, destName: string): Promise<void> {
  const body = await readJson(ctx.req);
  const sources = body.sourceObjects;
  if (!Array.isArray(sources) || sources.length === 0) throw badRequest('Required', 'required');
  if (sources.length > 32)
    throw badRequest('The number of source components provided exceeds the limit of 32.');
  const objs = sources.map((s: unknown) => {
    const spec = s as {
      name?: unknown;
      generation?: unknown;
      objectPreconditions?: { ifGenerationMatch?: unknown };
    };
    if (typeof spec?.name !== 'string') throw badRequest('Required', 'required');
    const obj = liveObject(
      ctx,
      bucket,
      spec.name,
      spec.generation === undefined ? null : String(spec.generation),
    );
    const want = spec.objectPreconditions?.ifGenerationMatch;
    if (want !== undefined && String(want) !== obj.generation) {
      throw new ApiError(
        412,
        'At least one of the pre-conditions you specified did not hold.',
        'conditionNotMet',
      );
    }
    return obj;
  });
  const temp = ctx.store.tempPath();
  const hash = freshHashState();
  const store = ctx.store;
  async function* concat() {
    for (const o of objs) yield* createReadStream(store.dataPath(o)) as AsyncIterable<Buffer>;
  }
  await writeAll(concat(), new HashingWriter(temp, hash));
  const dest = pickFields((body.destination ?? {}) as Record<string, unknown>, WRITABLE_FIELDS);
  const obj = await store.commitObject(
    temp,
    {
      ...(dest as Partial<ObjectRecord>),
      contentType:
        (dest.contentType as string | undefined) ?? objs[0]?.contentType ?? 'application/octet-stream',
      storageClass: 'STANDARD',
      bucket,
      name: destName,
      size: String(hash.size),
      crc32c: digests(hash).crc32c,
      componentCount: objs.reduce((n, o) => n + (o.componentCount ?? 1), 0),
    },
    (existing) => checkPreconditions(ctx.query, existing),
  );
  sendJson(ctx.res, 200, objectResource(obj, ctx.baseUrl));
}
