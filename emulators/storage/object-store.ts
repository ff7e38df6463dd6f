// Disk persistence: buckets, objects (data files + JSON sidecars) and an in-memory index of metadata.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError, noSuchBucket, noSuchObject } from './errors.ts';

/** Object metadata as persisted; the API resource adds kind/id/selfLink/mediaLink. */
export interface ObjectRecord {
  bucket: string;
  name: string;
  generation: string;
  metageneration: string;
  contentType: string;
  size: string;
  crc32c: string;
  md5Hash?: string;
  etag: string;
  storageClass: string;
  timeCreated: string;
  updated: string;
  timeStorageClassUpdated: string;
  metadata?: Record<string, string>;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  componentCount?: number;
}

export interface BucketRecord {
  name: string;
  timeCreated: string;
  updated: string;
  metageneration: string;
  location: string;
  storageClass: string;
  labels?: Record<string, string>;
}

export type ChangeKind = 'finalized' | 'deleted' | 'metadataUpdated';
/** Called after every committed change; `overwrittenBy` is set on the delete of a replaced object. */
export type ChangeListener = (kind: ChangeKind, obj: ObjectRecord, overwrittenBy?: string) => void;

interface BucketEntry {
  record: BucketRecord;
  objects: Map<string, ObjectRecord>;
  sorted: string[] | undefined;
}

const objectKey = (name: string) => createHash('sha256').update(name).digest('hex');

async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.${randomUUID()}.tmp`;
  await writeFile(tmp, JSON.stringify(value));
  await rename(tmp, path);
}

export class ObjectStore {
  private readonly buckets = new Map<string, BucketEntry>();
  private lastGeneration = 0;
  /** Per-object queues so concurrent commits on one name reach the disk in index order. */
  private readonly queues = new Map<string, Promise<unknown>>();
  listener: ChangeListener = () => {};

  private constructor(readonly dataDir: string) {}

  static async open(dataDir: string): Promise<ObjectStore> {
    const store = new ObjectStore(dataDir);
    await mkdir(join(dataDir, 'buckets'), { recursive: true });
    await rm(join(dataDir, 'tmp'), { recursive: true, force: true });
    await mkdir(join(dataDir, 'tmp'), { recursive: true });
    await mkdir(join(dataDir, 'uploads'), { recursive: true });
    for (const dir of await readdir(join(dataDir, 'buckets'))) {
      const bucketDir = join(dataDir, 'buckets', dir);
      let record: BucketRecord;
      try {
        record = JSON.parse(await readFile(join(bucketDir, 'bucket.json'), 'utf8')) as BucketRecord;
      } catch {
        continue; // a half-created bucket directory
      }
      const entry: BucketEntry = { record, objects: new Map(), sorted: undefined };
      for (const file of await readdir(join(bucketDir, 'objects'))) {
        if (!file.endsWith('.json')) continue;
        const obj = JSON.parse(await readFile(join(bucketDir, 'objects', file), 'utf8')) as ObjectRecord;
        entry.objects.set(obj.name, obj);
        store.lastGeneration = Math.max(store.lastGeneration, Number(obj.generation));
      }
      store.buckets.set(record.name, entry);
    }
    return store;
  }

  /** Generations are microsecond timestamps, strictly increasing like the real service's. */
  nextGeneration(): string {
    this.lastGeneration = Math.max(Date.now() * 1000, this.lastGeneration + 1);
    return String(this.lastGeneration);
  }

  tempPath(): string {
    return join(this.dataDir, 'tmp', randomUUID());
  }

  uploadsDir(): string {
    return join(this.dataDir, 'uploads');
  }

  private bucketDir(bucket: string): string {
    return join(this.dataDir, 'buckets', bucket);
  }

  dataPath(obj: ObjectRecord): string {
    return join(this.bucketDir(obj.bucket), 'objects', `${objectKey(obj.name)}.${obj.generation}.data`);
  }

  private sidecarPath(bucket: string, name: string): string {
    return join(this.bucketDir(bucket), 'objects', `${objectKey(name)}.json`);
  }

  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.catch(() => {});
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }

  listBuckets(): BucketRecord[] {
    return [...this.buckets.values()].map((b) => b.record).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  getBucket(name: string): BucketRecord {
    const entry = this.buckets.get(name);
    if (!entry) throw noSuchBucket();
    return entry.record;
  }

  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }

  async createBucket(record: BucketRecord): Promise<BucketRecord> {
    if (this.buckets.has(record.name)) {
      throw new ApiError(
        409,
        'Your previous request to create the named bucket succeeded and you already own it.',
        'conflict',
      );
    }
    this.buckets.set(record.name, { record, objects: new Map(), sorted: undefined });
    await mkdir(join(this.bucketDir(record.name), 'objects'), { recursive: true });
    await writeJsonAtomic(join(this.bucketDir(record.name), 'bucket.json'), record);
    return record;
  }

  async updateBucket(record: BucketRecord): Promise<void> {
    this.entry(record.name).record = record;
    await writeJsonAtomic(join(this.bucketDir(record.name), 'bucket.json'), record);
  }

  async deleteBucket(name: string): Promise<void> {
    const entry = this.entry(name);
    if (entry.objects.size > 0)
      throw new ApiError(409, 'The bucket you tried to delete is not empty.', 'conflict');
    this.buckets.delete(name);
    await rm(this.bucketDir(name), { recursive: true, force: true });
  }

  private entry(bucket: string): BucketEntry {
    const entry = this.buckets.get(bucket);
    if (!entry) throw noSuchBucket();
    return entry;
  }

  /** Undefined when absent; throws 404 only for a missing bucket. */
  findObject(bucket: string, name: string): ObjectRecord | undefined {
    return this.entry(bucket).objects.get(name);
  }

  getObject(bucket: string, name: string): ObjectRecord {
    const obj = this.findObject(bucket, name);
    if (!obj) throw noSuchObject(bucket, name);
    return obj;
  }

  /** Object names in lexicographic order (cached until the bucket changes). */
  sortedNames(bucket: string): { names: string[]; objects: Map<string, ObjectRecord> } {
    const entry = this.entry(bucket);
    entry.sorted ??= [...entry.objects.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { names: entry.sorted, objects: entry.objects };
  }

  /**
   * Makes `tempFile` the new live generation of bucket/name. `check` runs against the current
   * object right before the swap (preconditions), so the check and the swap are atomic.
   */
  commitObject(
    tempFile: string,
    fields: Omit<
      ObjectRecord,
      'generation' | 'metageneration' | 'etag' | 'timeCreated' | 'updated' | 'timeStorageClassUpdated'
    >,
    check: (existing: ObjectRecord | undefined) => void,
  ): Promise<ObjectRecord> {
    const { bucket, name } = fields;
    return this.serial(`${bucket}\n${name}`, async () => {
      const entry = this.entry(bucket);
      const existing = entry.objects.get(name);
      try {
        check(existing);
      } catch (err) {
        await rm(tempFile, { force: true });
        throw err;
      }
      const generation = this.nextGeneration();
      const now = new Date(Number(generation) / 1000).toISOString();
      const obj: ObjectRecord = {
        ...fields,
        generation,
        metageneration: '1',
        etag: etagOf(generation, '1'),
        timeCreated: now,
        updated: now,
        timeStorageClassUpdated: now,
      };
      await rename(tempFile, this.dataPath(obj));
      await writeJsonAtomic(this.sidecarPath(bucket, name), obj);
      entry.objects.set(name, obj);
      if (!existing) entry.sorted = undefined;
      if (existing) {
        await rm(this.dataPath(existing), { force: true });
        this.listener('deleted', existing, generation);
      }
      this.listener('finalized', obj);
      return obj;
    });
  }

  /** Applies a metadata change and bumps metageneration. */
  updateObject(
    bucket: string,
    name: string,
    mutate: (current: ObjectRecord) => ObjectRecord,
  ): Promise<ObjectRecord> {
    return this.serial(`${bucket}\n${name}`, async () => {
      const entry = this.entry(bucket);
      const current = entry.objects.get(name);
      if (!current) throw noSuchObject(bucket, name);
      const changed = mutate(structuredClone(current));
      const metageneration = String(Number(current.metageneration) + 1);
      const obj: ObjectRecord = {
        ...changed,
        bucket,
        name,
        generation: current.generation,
        metageneration,
        etag: etagOf(current.generation, metageneration),
        updated: new Date().toISOString(),
      };
      await writeJsonAtomic(this.sidecarPath(bucket, name), obj);
      entry.objects.set(name, obj);
      this.listener('metadataUpdated', obj);
      return obj;
    });
  }

  deleteObject(bucket: string, name: string, check: (existing: ObjectRecord) => void): Promise<ObjectRecord> {
    return this.serial(`${bucket}\n${name}`, async () => {
      const entry = this.entry(bucket);
      const existing = entry.objects.get(name);
      if (!existing) throw noSuchObject(bucket, name);
      check(existing);
      entry.objects.delete(name);
      entry.sorted = undefined;
      await rm(this.sidecarPath(bucket, name), { force: true });
      await rm(this.dataPath(existing), { force: true });
      this.listener('deleted', existing);
      return existing;
    });
  }

  /** Reads a small per-bucket JSON document (e.g. notification configs). */
  async readBucketDoc<T>(bucket: string, doc: string, fallback: T): Promise<T> {
    this.entry(bucket);
    try {
      return JSON.parse(await readFile(join(this.bucketDir(bucket), `${doc}.json`), 'utf8')) as T;
    } catch {
      return fallback;
    }
  }

  async writeBucketDoc(bucket: string, doc: string, value: unknown): Promise<void> {
    this.entry(bucket);
    await writeJsonAtomic(join(this.bucketDir(bucket), `${doc}.json`), value);
  }
}

/** The JSON API's etag format is opaque; base64 of generation/metageneration keeps it stable. */
export const etagOf = (generation: string, metageneration: string) =>
  Buffer.from(`${generation}/${metageneration}`).toString('base64');
