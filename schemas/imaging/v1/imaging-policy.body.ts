/** A center's imaging ingest policy (`PUT|GET /centers/{code}/imaging-policy`, admin): what its uploads may be. */
import { z } from 'zod';
import { CenterCode } from '../../centers/v1/center.fields.ts';
import { Modality, PixelBox } from './image.fields.ts';

/** A device's known text layout: regions filled on every image it makes (like CTP's pixel signatures). */
export const DeviceMask = z.strictObject({
  /** (0008,0070) Manufacturer and (0008,1090) ManufacturerModelName, exactly as the device writes them. */
  manufacturer: z.string().min(1).max(64),
  model: z.string().min(1).max(64),
  rows: z.number().int().positive().max(65535),
  columns: z.number().int().positive().max(65535),
  regions: z.array(PixelBox).min(1).max(64),
});

export const CenterCodeParams = z.object({ code: CenterCode });

export const ImagingPolicyBody = z.strictObject({
  /** Refuse files with no Patient ID in the file or sidecar (`no-patient-identifier`); default false. */
  requirePatientId: z.boolean().default(false),
  /** Modalities held for review as burned-in risk beyond US, XA, ES and Secondary Capture. */
  extraBurnedInModalities: z.array(Modality).max(32).default([]),
  /** Publish an at-risk modality when the file says BurnedInAnnotation = NO; default false. */
  trustBurnedInAnnotationNo: z.boolean().default(false),
  /** Clean Pixel Data on images at burned-in risk (OCR, redaction); false holds them all for review. Default true. */
  cleanPixels: z.boolean().default(true),
  /** Regions always filled for known device layouts, matched on manufacturer, model, rows and columns. */
  deviceMasks: z.array(DeviceMask).max(100).default([]),
});
export type ImagingPolicyBody = z.infer<typeof ImagingPolicyBody>;

/** The policy a center's uploads get (the defaults when it never set one). */
export const ImagingPolicyView = z.object({
  centerCode: CenterCode,
  requirePatientId: z.boolean(),
  extraBurnedInModalities: z.array(Modality),
  trustBurnedInAnnotationNo: z.boolean(),
  cleanPixels: z.boolean(),
  deviceMasks: z.array(DeviceMask),
  /** False when no policy was ever set: these are the defaults. */
  stored: z.boolean(),
  updatedAt: z.iso.datetime().optional(),
});
export type ImagingPolicyView = z.infer<typeof ImagingPolicyView>;
