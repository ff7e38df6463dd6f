/** The Cloud Storage client and the imaging buckets (deployed names come from config). */
import { type Bucket, Storage } from '@google-cloud/storage';
import { bucketName, config, type LogicalBucket } from '../../platform/config.ts';

let storage: Storage | undefined;

/** The process-wide client; it talks to STORAGE_EMULATOR_HOST when that is set. */
export function storageClient(): Storage {
  storage ??= new Storage({ projectId: config().projectId });
  return storage;
}

export const bucket = (logical: LogicalBucket): Bucket => storageClient().bucket(bucketName(logical));

/** True for the JSON API's "no such object" answer. */
export const isNotFound = (e: unknown) => (e as { code?: number })?.code === 404;
/** True for a failed generation precondition. */
export const isPreconditionFailed = (e: unknown) => (e as { code?: number })?.code === 412;
