/** A center's imaging ingest policy (`PUT|GET /centers/{code}/imaging-policy`, admin): what its uploads may be. */
import { z } from 'zod';
import { CenterCode } from '../../centers/v1/center.fields.ts';
import { Modality } from './image.fields.ts';

export const CenterCodeParams = z.object({ code: CenterCode });

export const ImagingPolicyBody = z.strictObject({
  /** Refuse files with no Patient ID in the file or sidecar (`no-patient-identifier`); default false. */
  requirePatientId: z.boolean().default(false),
  /** Modalities held for review as burned-in risk beyond US, XA, ES and Secondary Capture. */
  extraBurnedInModalities: z.array(Modality).max(32).default([]),
  /** Publish an at-risk modality when the file says BurnedInAnnotation = NO; default false. */
  trustBurnedInAnnotationNo: z.boolean().default(false),
});
export type ImagingPolicyBody = z.infer<typeof ImagingPolicyBody>;

/** The policy a center's uploads get (the defaults when it never set one). */
export const ImagingPolicyView = z.object({
  centerCode: CenterCode,
  requirePatientId: z.boolean(),
  extraBurnedInModalities: z.array(Modality),
  trustBurnedInAnnotationNo: z.boolean(),
  /** False when no policy was ever set: these are the defaults. */
  stored: z.boolean(),
  updatedAt: z.iso.datetime().optional(),
});
export type ImagingPolicyView = z.infer<typeof ImagingPolicyView>;
