/** Reads the clinical sidecar from `<image>.json` or from the image's object metadata (never both). */
import { ImageSidecar, SIDECAR_METADATA_KEYS } from '../../../schemas/imaging/v1/sidecar.ts';

export type SidecarResult =
  | { ok: true; sidecar: ImageSidecar }
  /** `fields` name what failed (paths only: the values may be identifiers). */
  | { ok: false; fields: string[] };

const failed = (fields: string[]): SidecarResult => ({ ok: false, fields });

/** Parses a sidecar file's text. */
export function parseSidecarJson(text: string): SidecarResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return failed(['(json)']);
  }
  const parsed = ImageSidecar.safeParse(json);
  if (!parsed.success)
    return failed(
      parsed.error.issues.map((i) =>
        i.code === 'unrecognized_keys' ? i.keys.join(',') : i.path.map(String).join('.') || '(root)',
      ),
    );
  return { ok: true, sidecar: parsed.data };
}

/** The sidecar fields carried as object metadata (other metadata keys are ignored). */
export function sidecarFromMetadata(metadata: Record<string, string>): SidecarResult {
  const picked = Object.fromEntries(
    SIDECAR_METADATA_KEYS.flatMap((k) => (k in metadata ? [[k, metadata[k]]] : [])),
  );
  const parsed = ImageSidecar.safeParse(picked);
  if (!parsed.success) return failed(parsed.error.issues.map((i) => i.path.map(String).join('.')));
  return { ok: true, sidecar: parsed.data };
}
