/** Where an ingest object sits: `centers/{centerCode}/{uploadId}/{file…}`; `<file>.json` is that file's sidecar. */
import { CenterCode } from '../../../schemas/centers/v1/center.fields.ts';
import { UploadId } from '../../../schemas/imaging/v1/image.fields.ts';

export type UploadPath =
  | { kind: 'image' | 'sidecar'; centerCode: string; uploadId: string; file: string }
  | { kind: 'outside' };

const SIDECAR_SUFFIX = '.json';

/** Parses an object name; anything not under a valid center code and upload id is `outside`. */
export function parseUploadPath(name: string): UploadPath {
  const [root, centerCode, uploadId, ...rest] = name.split('/');
  const file = rest.join('/');
  if (root !== 'centers' || !centerCode || !uploadId || !file || rest.some((s) => s === '' || s === '..'))
    return { kind: 'outside' };
  if (!CenterCode.safeParse(centerCode).success || !UploadId.safeParse(uploadId).success)
    return { kind: 'outside' };
  return { kind: file.endsWith(SIDECAR_SUFFIX) ? 'sidecar' : 'image', centerCode, uploadId, file };
}

/** The sidecar object name of an image object. */
export const sidecarNameOf = (imageName: string) => `${imageName}${SIDECAR_SUFFIX}`;

/** The image object name a sidecar belongs to. */
export const imageNameOf = (sidecarName: string) => sidecarName.slice(0, -SIDECAR_SUFFIX.length);

/** The ingest object name for a file of an upload. */
export const uploadObjectName = (centerCode: string, uploadId: string, file: string) =>
  `centers/${centerCode}/${uploadId}/${file}`;

/**
 * The file name STOW-RS gives an instance in its upload: a hash of its SOP Instance UID, so the same
 * instance sent twice has the same name (and a second generation of that name is a duplicate).
 */
export const stowPartFile = (sopInstanceHash: string) => `${sopInstanceHash.slice(0, 32)}.dcm`;
export const isStowPartFile = (file: string) => /^[0-9a-f]{32}\.dcm$/.test(file);
