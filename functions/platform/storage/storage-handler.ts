/**
 * Storage-triggered handlers: Eventarc's `google.cloud.storage.object.v1.finalized` CloudEvent, narrowed to
 * the object's identity. A throw answers 500 and the delivery is retried (transient faults only); a file
 * that can never succeed must be dealt with by the handler (quarantine) and return normally.
 */
import type { CloudEvent } from '@google-cloud/functions-framework';
import type { ManifestEntry } from '../../manifest.ts';
import type { StorageTrigger } from '../../manifest.types.ts';
import type { Logger } from '../logger.ts';
import { log as rootLog } from '../logger.ts';

/** The fields of the finalized object's resource that handlers rely on. */
export interface StorageObject {
  bucket: string;
  name: string;
  /** Object generations are int64: kept as the decimal string the JSON API sends. */
  generation: string;
  size: number;
  contentType?: string;
  metadata: Record<string, string>;
  md5Hash?: string;
  crc32c?: string;
}

export interface StorageContext {
  log: Logger;
  /** The CloudEvent id: Eventarc redelivers with the same id. */
  eventId: string;
  entry: ManifestEntry<StorageTrigger>;
}

export interface StorageHandlerDef {
  kind: 'storage';
  handle(object: StorageObject, ctx: StorageContext): Promise<void>;
}

/** Declares a storage-triggered handler (the default export of a `*.handler.ts`). */
export function storageHandler(def: Omit<StorageHandlerDef, 'kind'>): StorageHandlerDef {
  return { kind: 'storage', ...def };
}

interface RawObject {
  bucket?: string;
  name?: string;
  generation?: string | number;
  size?: string | number;
  contentType?: string;
  metadata?: Record<string, string>;
  md5Hash?: string;
  crc32c?: string;
}

/** Reads the event payload; an event without bucket, name or generation is not a finalize and is ignored. */
export function storageObjectOf(data: RawObject | undefined): StorageObject | undefined {
  if (!data?.bucket || !data.name || data.generation === undefined) return undefined;
  return {
    bucket: data.bucket,
    name: data.name,
    generation: String(data.generation),
    size: Number(data.size ?? 0),
    contentType: data.contentType,
    metadata: data.metadata ?? {},
    md5Hash: data.md5Hash,
    crc32c: data.crc32c,
  };
}

/** Adapts a handler definition to a functions-framework CloudEvent function. */
export function toStorageFunction(entry: ManifestEntry<StorageTrigger>, def: StorageHandlerDef) {
  return async (ce: CloudEvent<RawObject>): Promise<void> => {
    // Object names are chosen by uploaders and may carry personal data: only the bucket and ids are logged.
    const log = rootLog.with({ function: entry.name, eventId: ce.id, bucket: ce.data?.bucket ?? '' });
    const object = storageObjectOf(ce.data);
    if (!object) {
      log.warn('ignored storage event without an object', { type: ce.type });
      return;
    }
    await def.handle(object, { log, eventId: ce.id, entry });
  };
}
