/** Integration events of clinical results: ids and the pseudonym only (seed 002: ResultCreated/ResultQueried). */
import { z } from 'zod';
import { defineEvent } from '../../message.ts';
import { CenterRef, PatientPseudonym, ResultCode, ResultId } from './clinical-result.fields.ts';

export const ClinicalResultRecordedV1 = defineEvent(
  'results',
  'recorded',
  1,
  z.object({
    resultId: ResultId,
    centerId: CenterRef,
    patientPseudonym: PatientPseudonym,
    code: ResultCode.optional(),
    recordedAt: z.iso.datetime(),
  }),
);

/** Every read of a result's plaintext, for the audit trail and anyone watching access. */
export const ClinicalResultViewedV1 = defineEvent(
  'results',
  'viewed',
  1,
  z.object({
    resultId: ResultId,
    centerId: CenterRef,
    viewerId: z.string().min(1).max(128),
    viewerRoles: z.array(z.string()),
    viewedAt: z.iso.datetime(),
  }),
);
