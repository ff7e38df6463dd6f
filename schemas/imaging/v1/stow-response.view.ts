/**
 * STOW-RS (`POST /dicomweb/studies[/{study}]`): the path parameter and the Store Instances Response Module in
 * DICOM JSON (PS3.18 Annex F and I), as the generated OpenAPI document describes them. The handler builds the
 * body in `functions/imaging/domain/dicomweb/stow-response.ts`; this is its contract.
 */
import { z } from 'zod';

/** A DICOM UID (PS3.5 §9): dot-separated numeric components, at most 64 characters. */
export const DicomUid = z
  .string()
  .max(64)
  .regex(/^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/, 'must be a DICOM UID (digits and dots)');

export const StudyParams = z.object({ study: DicomUid });

const attr = (vr: string, value?: z.ZodType) =>
  z.object({ vr: z.literal(vr), ...(value ? { Value: z.array(value).optional() } : {}) });

const Reference = {
  '00081150': attr('UI', z.string()),
  '00081155': attr('UI', z.string()),
};

export const StoreInstancesResponse = z.object({
  /** Retrieve URL: sent empty (the de-identified study has new UIDs, known once it is anonymized). */
  '00081190': attr('UR'),
  /** Failed SOP Sequence: each item with its Failure Reason (0008,1197). */
  '00081198': attr('SQ', z.object({ ...Reference, '00081197': attr('US', z.number().int()) })).optional(),
  /** Referenced SOP Sequence: what was written to ingest, each with Warning Reason B000 (it will be coerced). */
  '00081199': attr(
    'SQ',
    z.object({ ...Reference, '00081190': attr('UR'), '00081196': attr('US', z.number().int()) }),
  ).optional(),
});
