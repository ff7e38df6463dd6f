// Bucket Pub/Sub notification configs (notificationConfigs routes) and their publishing.
import type { PubSub } from '@google-cloud/pubsub';
import { badRequest, notFound } from './errors.ts';
import { type Ctx, readJson, sendEmpty, sendJson } from './http-util.ts';
import type { ChangeKind, ObjectRecord, ObjectStore } from './object-store.ts';
import { objectResource } from './resources.ts';

export interface NotificationConfig {
  id: string;
  topic: string;
  payload_format: 'JSON_API_V1' | 'NONE';
  event_types?: string[];
  object_name_prefix?: string;
  custom_attributes?: Record<string, string>;
}

const EVENT_TYPES: Record<ChangeKind, string> = {
  finalized: 'OBJECT_FINALIZE',
  deleted: 'OBJECT_DELETE',
  metadataUpdated: 'OBJECT_METADATA_UPDATE',
};
const KNOWN_EVENT_TYPES = new Set([...Object.values(EVENT_TYPES), 'OBJECT_ARCHIVE']);
const DOC = 'notifications';

const resource = (bucket: string, c: NotificationConfig, baseUrl: string) => ({
  kind: 'storage#notification',
  selfLink: `${baseUrl}/storage/v1/b/${bucket}/notificationConfigs/${c.id}`,
  etag: c.id,
  ...c,
});

/** `//pubsub.googleapis.com/projects/P/topics/T` or `projects/P/topics/T` → `projects/P/topics/T`. */
export function parseTopic(topic: unknown): string {
  if (typeof topic !== 'string') throw badRequest('Required', 'required');
  const bare = topic.replace(/^\/\/pubsub\.[^/]+\//, '');
  if (!/^projects\/[^/]+\/topics\/[^/]+$/.test(bare)) throw badRequest(`Invalid topic name: ${topic}`);
  return bare;
}

/** Handles `/b/B/notificationConfigs[/ID]`. */
export async function handleNotificationRoute(
  ctx: Ctx,
  bucket: string,
  id: string | undefined,
): Promise<void> {
  const { store, req, res } = ctx;
  store.getBucket(bucket);
  const configs = await store.readBucketDoc<NotificationConfig[]>(bucket, DOC, []);
  if (id === undefined && req.method === 'GET') {
    sendJson(res, 200, {
      kind: 'storage#notifications',
      items: configs.map((c) => resource(bucket, c, ctx.baseUrl)),
    });
    return;
  }
  if (id === undefined && req.method === 'POST') {
    const body = await readJson(req);
    const format = body.payload_format ?? 'JSON_API_V1';
    if (format !== 'JSON_API_V1' && format !== 'NONE')
      throw badRequest(`Invalid payload_format: ${String(format)}`);
    const eventTypes = body.event_types;
    if (eventTypes !== undefined) {
      if (!Array.isArray(eventTypes) || eventTypes.some((e) => !KNOWN_EVENT_TYPES.has(e as string))) {
        throw badRequest('Invalid event_types');
      }
    }
    const config: NotificationConfig = {
      id: String(configs.reduce((max, c) => Math.max(max, Number(c.id)), 0) + 1),
      topic: `//pubsub.googleapis.com/${parseTopic(body.topic)}`,
      payload_format: format,
      ...(eventTypes ? { event_types: eventTypes as string[] } : {}),
      ...(typeof body.object_name_prefix === 'string' ? { object_name_prefix: body.object_name_prefix } : {}),
      ...(body.custom_attributes && typeof body.custom_attributes === 'object'
        ? { custom_attributes: body.custom_attributes as Record<string, string> }
        : {}),
    };
    await store.writeBucketDoc(bucket, DOC, [...configs, config]);
    sendJson(res, 200, resource(bucket, config, ctx.baseUrl));
    return;
  }
  const config = configs.find((c) => c.id === id);
  if (!config) throw notFound('Not Found');
  if (req.method === 'GET') {
    sendJson(res, 200, resource(bucket, config, ctx.baseUrl));
  } else if (req.method === 'DELETE') {
    await store.writeBucketDoc(
      bucket,
      DOC,
      configs.filter((c) => c.id !== id),
    );
    sendEmpty(res, 204);
  } else {
    throw badRequest(`Method ${req.method} not supported`);
  }
}

/** Publishes matching notifications through @google-cloud/pubsub (PUBSUB_EMULATOR_HOST). */
export class NotificationPublisher {
  private pubsub: Promise<PubSub> | undefined;

  constructor(
    private readonly store: ObjectStore,
    private readonly projectId: string,
    private readonly baseUrl: () => string,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {}

  publish(kind: ChangeKind, obj: ObjectRecord, overwrittenBy?: string): void {
    void this.publishAsync(kind, obj, overwrittenBy).catch((err: unknown) => {
      this.log(
        `storage emulator: notification publish failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
  }

  private async publishAsync(kind: ChangeKind, obj: ObjectRecord, overwrittenBy?: string): Promise<void> {
    if (!this.store.hasBucket(obj.bucket)) return;
    const configs = await this.store.readBucketDoc<NotificationConfig[]>(obj.bucket, DOC, []);
    const eventType = EVENT_TYPES[kind];
    const matching = configs.filter(
      (c) =>
        (!c.event_types || c.event_types.includes(eventType)) &&
        (!c.object_name_prefix || obj.name.startsWith(c.object_name_prefix)),
    );
    if (matching.length === 0) return;
    // Loaded lazily: most runs have no notification configs and need no gRPC client.
    this.pubsub ??= import('@google-cloud/pubsub').then((m) => new m.PubSub({ projectId: this.projectId }));
    const pubsub = await this.pubsub;
    const eventTime = kind === 'deleted' ? new Date().toISOString() : obj.updated;
    for (const c of matching) {
      const attributes: Record<string, string> = {
        ...c.custom_attributes,
        notificationConfig: `projects/_/buckets/${obj.bucket}/notificationConfigs/${c.id}`,
        eventType,
        payloadFormat: c.payload_format,
        bucketId: obj.bucket,
        objectId: obj.name,
        objectGeneration: obj.generation,
        eventTime,
        ...(overwrittenBy ? { overwrittenByGeneration: overwrittenBy } : {}),
      };
      const data =
        c.payload_format === 'JSON_API_V1'
          ? Buffer.from(JSON.stringify(objectResource(obj, this.baseUrl())))
          : Buffer.alloc(0);
      await pubsub.topic(c.topic.replace(/^\/\/pubsub\.[^/]+\//, '')).publishMessage({ data, attributes });
    }
  }

  async close(): Promise<void> {
    if (this.pubsub) await (await this.pubsub).close().catch(() => undefined);
  }
}
