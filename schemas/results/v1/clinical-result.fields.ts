/** Field rules of the clinical results context (seed 002). */
import { z } from 'zod';

export const ResultId = z.uuid();
/** A patient pseudonym from the tokens context (`psn:patient_id:v<n>:…`): never the identifier itself. */
export const PatientPseudonym = z.string().regex(/^psn:[a-z_]+:v\d+:[A-Za-z0-9_-]+$/);
/** A coded test (e.g. LOINC `2345-7`): a code, not free text. */
export const ResultCode = z.string().regex(/^[A-Za-z0-9.:-]{1,32}$/, 'must be a code: A-Z 0-9 . : -');
export const CenterRef = z.string().min(1).max(128);
/**
 * The issuer the pseudonym is keyed under: a center code, as imaging keys patient tokens, so a result joins the
 * images with the same `patientToken` of that center. Absent on results recorded before issuers were center
 * codes (keyed under the center id) and not yet relinked: those pseudonyms join no image.
 */
export const PatientIssuer = z.string().min(1).max(128);
