/** A center's ingest policy, and the refusals and holds it decides before any value is changed. */
import type { DeviceMask } from '../pixels/pixel-ports.ts';
import { type Dataset, find, text } from './dataset.ts';
import { Hold, reject } from './reject.ts';

/** What a center has chosen for its uploads (defaults are the safe, publishing ones). */
export interface IngestPolicy {
  /** Refuse files with no Patient ID in the file or sidecar (`no-patient-identifier`); default false. */
  requirePatientId: boolean;
  /** Modalities at burned-in risk beyond the defaults (US, XA, ES + Secondary Capture SOP classes). */
  extraBurnedInModalities: readonly string[];
  /** Trust BurnedInAnnotation = NO on an at-risk modality (then publish); default false. */
  trustBurnedInAnnotationNo: boolean;
  /** Clean Pixel Data on images at risk when a cleaner is available; false holds them all. Default true. */
  cleanPixels: boolean;
  /** Regions always filled for known device layouts. */
  deviceMasks: readonly DeviceMask[];
}

export const DEFAULT_INGEST_POLICY: IngestPolicy = {
  requirePatientId: false,
  extraBurnedInModalities: [],
  trustBurnedInAnnotationNo: false,
  cleanPixels: true,
  deviceMasks: [],
};

/** Modalities whose pixels usually carry burned-in text (ultrasound, angiography, endoscopy). */
const BURNED_IN_MODALITIES = ['US', 'XA', 'ES'];
/** Secondary Capture SOP classes: screenshots and scans, text in the pixels by nature. */
const SECONDARY_CAPTURE = /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.7(\.[1-4])?$/;

const first = (ds: Dataset, tag: number) => text(find(ds, tag));

/** DICOM objects that are not about a patient: media directories and shared colour palettes. */
const NOT_PATIENT_IMAGES: Record<string, string> = {
  '1.2.840.10008.1.3.10':
    'a DICOMDIR (media directory) indexes images and holds none: upload the image files',
  '1.2.840.10008.5.1.4.39.1': 'a Color Palette is a shared lookup table, not a patient image',
};
/** Refuses DICOM objects that are not patient images (`not-an-image`), with what to upload instead. */
export function refuseNonImageClass(sopClass: string): void {
  const detail = NOT_PATIENT_IMAGES[sopClass.trim()];
  if (detail) reject('not-an-image', detail);
}

/**
 * Why a file's pixels may carry burned-in text, or undefined: BurnedInAnnotation YES, and at-risk
 * modalities and Secondary Capture classes unless the center trusts BurnedInAnnotation = NO.
 */
export function burnedInRisk(top: Dataset, sopClass: string, policy: IngestPolicy): string | undefined {
  const annotation = first(top, 0x00280301)?.trim().toUpperCase();
  if (annotation === 'YES') return '(0028,0301) BurnedInAnnotation is YES';
  const modality = first(top, 0x00080060)?.trim().toUpperCase();
  const atRiskModality =
    modality !== undefined &&
    (BURNED_IN_MODALITIES.includes(modality) ||
      policy.extraBurnedInModalities.some((m) => m.trim().toUpperCase() === modality));
  const secondaryCapture = SECONDARY_CAPTURE.test(sopClass.trim());
  if (!atRiskModality && !secondaryCapture) return undefined;
  if (policy.trustBurnedInAnnotationNo && annotation === 'NO') return undefined;
  const why = secondaryCapture
    ? `(0008,0016) SOPClassUID ${sopClass.trim()} is a Secondary Capture class`
    : `(0008,0060) Modality ${modality} is at risk of burned-in text`;
  return `${why} and (0028,0301) BurnedInAnnotation is ${annotation ? annotation : 'absent'}`;
}

/** Holds a file at burned-in risk when there is no pixel cleaner to examine it. */
export function holdBurnedInRisk(risk: string): never {
  throw new Hold('burned-in-risk', `${risk}: held for pixel review`);
}
