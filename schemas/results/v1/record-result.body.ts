/** `POST /results` as in seed 002 (`{patient, result}`), plus the optional issuer of the patient id and a test code. */
import { z } from 'zod';
import { ResultCode } from './clinical-result.fields.ts';

export const RecordResultBody = z.strictObject({
  /** The raw patient identifier: pseudonymised on arrival, never stored, logged or published. */
  patient: z.string().trim().min(1).max(128),
  /** Clinical free text: stored encrypted only. */
  result: z.string().min(1).max(10_000),
  /**
   * Who issued the patient id (scopes the pseudonym): a center code. A health center is always its own issuer
   * (the default); naming another center is refused with 403.
   */
  issuer: z.string().trim().min(1).max(128).optional(),
  code: ResultCode.optional(),
});
export type RecordResultBody = z.infer<typeof RecordResultBody>;
