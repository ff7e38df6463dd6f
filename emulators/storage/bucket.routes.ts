// JSON API bucket routes: insert, get, list, patch (labels), delete (empty only).
import { ApiError, badRequest } from './errors.ts';
import { type Ctx, readJson, sendEmpty, sendJson } from './http-util.ts';
import type { BucketRecord } from './object-store.ts';
import { bucketResource } from './resources.ts';

const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;

export async function handleBuckets(ctx: Ctx, bucket: string | undefined): Promise<void> {
  const { req, res, query, store } = ctx;
  if (bucket === undefined) {
    if (req.method === 'GET') {
      const prefix = query.get('prefix') ?? '';
      const items = store
        .listBuckets()
        .filter((b) => b.name.startsWith(prefix))
        .map((b) => bucketResource(b, ctx.baseUrl));
      sendJson(res, 200, { kind: 'storage#buckets', items });
      return;
    }
    if (req.method === 'POST') {
      if (!query.get('project')) throw badRequest('Required parameter: project', 'required');
      const body = await readJson(req);
      const name = body.name;
      if (typeof name !== 'string' || !BUCKET_NAME.test(name) || name.includes('..')) {
        throw badRequest(`Invalid bucket name: '${String(name)}'`);
      }
      const now = new Date().toISOString();
      const record: BucketRecord = {
        name,
        timeCreated: now,
        updated: now,
        metageneration: '1',
        location: typeof body.location === 'string' ? body.location.toUpperCase() : 'US',
        storageClass: typeof body.storageClass === 'string' ? body.storageClass : 'STANDARD',
        ...(body.labels && typeof body.labels === 'object'
          ? { labels: body.labels as Record<string, string> }
          : {}),
      };
      await store.createBucket(record);
      sendJson(res, 200, bucketResource(record, ctx.baseUrl));
      return;
    }
    throw new ApiError(405, `Method ${req.method} not allowed.`, 'methodNotAllowed');
  }
  const current = store.getBucket(bucket);
  switch (req.method) {
    case 'GET':
      sendJson(res, 200, bucketResource(current, ctx.baseUrl));
      return;
    case 'PATCH':
    case 'PUT': {
      const body = await readJson(req);
      const labels = { ...(current.labels ?? {}) };
      for (const [k, v] of Object.entries((body.labels ?? {}) as Record<string, unknown>)) {
        if (v === null) delete labels[k];
        else labels[k] = String(v);
      }
      const next: BucketRecord = {
        ...current,
        labels,
        metageneration: String(Number(current.metageneration) + 1),
        updated: new Date().toISOString(),
      };
      await store.updateBucket(next);
      sendJson(res, 200, bucketResource(next, ctx.baseUrl));
      return;
    }
    case 'DELETE':
      await store.deleteBucket(bucket);
      sendEmpty(res, 204);
      return;
    default:
      throw new ApiError(405, `Method ${req.method} not allowed.`, 'methodNotAllowed');
  }
}
