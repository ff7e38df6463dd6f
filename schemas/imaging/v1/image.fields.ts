/** Field rules shared by the imaging events, documents and HTTP bodies. None of them can hold free text. */
import { z } from 'zod';
import { REGIONS } from './regions.ts';

/** Deterministic per ingested object (bucket + name + generation), so a redelivery names the same image. */
export const ImageId = z.uuid();
/** Upload ids are UUIDs: an operational id, never a name a person could type a patient into. */
export const UploadId = z.uuid();
export const ImageFormat = z.enum(['dicom', 'jpeg', 'png']);
/** A DICOM Modality code (CS): `CT`, `MR`, `US`, `CR`, `DX`, … or `OT` when unknown. */
export const Modality = z.string().regex(/^[A-Z0-9_]{1,16}$/, 'must be a DICOM modality code, e.g. CT');
/** The anatomical-region taxonomy the classifier maps Body Part Examined (or the sidecar) onto. */
export const Region = z.enum(REGIONS);
/** A coded pathology (ICD-10 or a local code list), never free text. */
export const PathologyCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, 'must be a code (A-Z, 0-9, _ . -), e.g. J18.9');
/** A rejection reason code (`unregistered-center`, `residual-phi`, …); the detail stays in quarantine metadata. */
export const RejectReasonCode = z.string().regex(/^[a-z][a-z0-9-]{1,47}$/, 'must be a reason code');
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
/** A dataset category the classifier routes the image to: `<region>/<modality>`, e.g. `chest/CT`. */
export const DatasetCategory = z.string().regex(/^[a-z_]+\/[A-Z0-9_]{1,16}$/);
/** How a patient token links images: by the patient's id, or by the study when no Patient ID was sent. */
export const Linkage = z.enum(['patient', 'study']);
/** A PHI-free, actionable explanation of a refusal: names attributes by tag and keyword, never values. */
export const RefusalDetail = z.string().max(1000);

/** A filled rectangle on every frame, in pixels (inclusive bounds). */
export const PixelBox = z.object({
  x0: z.number().int().nonnegative(),
  y0: z.number().int().nonnegative(),
  x1: z.number().int().nonnegative(),
  y1: z.number().int().nonnegative(),
});

/**
 * What Clean Pixel Data did to an image at burned-in risk: the frames the OCR read, the boxes filled on
 * every frame (text found and device mask regions), and whether the pixels kept the input's encoding.
 */
export const PixelCleaning = z.object({
  examinedFrames: z.number().int().nonnegative(),
  frames: z.number().int().positive(),
  boxes: z.array(PixelBox).max(2000),
  encoding: z.enum(['input-syntax', 'explicit-le-native']),
});
