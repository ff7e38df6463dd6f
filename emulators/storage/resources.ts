// JSON API resource shapes (storage#object, storage#bucket) built from stored records.
import type { BucketRecord, ObjectRecord } from './object-store.ts';

const enc = encodeURIComponent;

export function objectResource(obj: ObjectRecord, baseUrl: string): Record<string, unknown> {
  return {
    kind: 'storage#object',
    id: `${obj.bucket}/${obj.name}/${obj.generation}`,
    selfLink: `${baseUrl}/storage/v1/b/${enc(obj.bucket)}/o/${enc(obj.name)}`,
    mediaLink: `${baseUrl}/download/storage/v1/b/${enc(obj.bucket)}/o/${enc(obj.name)}?generation=${obj.generation}&alt=media`,
    ...obj,
  };
}

export function bucketResource(b: BucketRecord, baseUrl: string): Record<string, unknown> {
  return {
    kind: 'storage#bucket',
    id: b.name,
    selfLink: `${baseUrl}/storage/v1/b/${enc(b.name)}`,
    projectNumber: '0',
    etag: Buffer.from(`${b.name}/${b.metageneration}`).toString('base64'),
    iamConfiguration: { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'inherited' },
    locationType: 'multi-region',
    ...b,
  };
}

/** Object resource fields a client may set on upload or patch (others are read-only). */
export const WRITABLE_FIELDS = [
  'contentType',
  'cacheControl',
  'contentDisposition',
  'contentEncoding',
  'contentLanguage',
  'metadata',
  'storageClass',
] as const;
