/** Where an image's clinical sidecar comes from: `<image>.json` in ingest, else the image's object metadata. */
import type { StorageObject } from '../../platform/storage/storage-handler.ts';
import { parseSidecarJson, type SidecarResult, sidecarFromMetadata } from '../domain/sidecar.ts';
import { sidecarNameOf } from '../domain/upload-path.ts';
import { readSidecarText } from './ingest-store.ts';

/** The sidecar file wins over object metadata; no sidecar at all is `undefined`. */
export async function readSidecar(o: StorageObject): Promise<{ result?: SidecarResult; file?: string }> {
  const file = sidecarNameOf(o.name);
  const text = await readSidecarText(file);
  if (text === 'too-large') return { result: { ok: false, fields: ['(size)'] }, file };
  if (text !== undefined) return { result: parseSidecarJson(text), file };
  const fromMetadata = sidecarFromMetadata(o.metadata);
  return fromMetadata.ok && Object.keys(fromMetadata.sidecar).length === 0 ? {} : { result: fromMetadata };
}
