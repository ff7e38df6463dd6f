/** The stored clinical result document and what `GET /results/{id}` answers (plaintext only when policy allows). */
import { z } from 'zod';
import {
  CenterRef,
  PatientIssuer,
  PatientPseudonym,
  ResultCode,
  ResultId,
} from './clinical-result.fields.ts';

/** `clinical-results/{id}`: the pseudonym and the sealed text, nothing a reader could re-identify. */
export const ClinicalResultDoc = z.object({
  id: ResultId,
  centerId: CenterRef,
  patientPseudonym: PatientPseudonym,
  patientIssuer: PatientIssuer.optional(),
  /** Sealed by the tokens context (field encryption, KMS-wrapped key), bound to the result id. */
  result: z.custom<object>((v) => typeof v === 'object' && v !== null),
  code: ResultCode.optional(),
  recordedBy: z.string(),
  recordedAt: z.iso.datetime(),
  /** sha256 of the id and the request body: a reused Idempotency-Key with another body is refused. */
  requestHash: z.string().optional(),
  /** Set by `relink-results` when it re-keyed a legacy pseudonym under the center code. */
  relinkedAt: z.iso.datetime().optional(),
});
export type ClinicalResultDoc = z.infer<typeof ClinicalResultDoc>;

export const ClinicalResultMetadata = z.object({
  id: ResultId,
  centerId: CenterRef,
  patientPseudonym: PatientPseudonym,
  patientIssuer: PatientIssuer.optional(),
  code: ResultCode.optional(),
  recordedAt: z.iso.datetime(),
});
export const ClinicalResultView = ClinicalResultMetadata.extend({
  /** Present only for expert, reidentification_officer and the owning center. */
  result: z.string().optional(),
});
export type ClinicalResultView = z.infer<typeof ClinicalResultView>;
export const ResultIdParams = z.object({ id: ResultId });
