/**
 * The clinical sidecar a center may upload as `<image>.json` next to the image (or as the image's object
 * metadata with the same keys). It may carry identifiers: it lives only in the restricted ingest bucket.
 */
import { z } from 'zod';
import { Modality, PathologyCode } from './image.fields.ts';

export const ImageSidecar = z.strictObject({
  /** The patient id when the file has none (JPEG/PNG) or to cross-check the DICOM header. */
  patientId: z.string().trim().min(1).max(64).optional(),
  patientName: z.string().trim().min(1).max(200).optional(),
  birthDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
    .optional(),
  pathology: PathologyCode.optional(),
  /** Clinical history (antecedentes): free text, sealed with field encryption before it is stored. */
  history: z.string().trim().min(1).max(20_000).optional(),
  /** Body part when the file does not say (JPEG/PNG): a DICOM term or a common name (`chest`, `tórax`). */
  bodyPart: z.string().trim().min(1).max(64).optional(),
  modality: Modality.optional(),
});
export type ImageSidecar = z.infer<typeof ImageSidecar>;

/** Object-metadata keys that may carry the same fields (GCS custom metadata is string → string). */
export const SIDECAR_METADATA_KEYS = [
  'patientId',
  'patientName',
  'birthDate',
  'pathology',
  'history',
  'bodyPart',
  'modality',
] as const;
