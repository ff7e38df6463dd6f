/**
 * What the catalogue keeps from an anonymizer outcome. JPEG/PNG carry no patient: the sidecar's patient id
 * is pseudonymized here the way the DICOM engine does it (same field, issuer and key), so one patient has
 * one token whatever the format.
 */
import type { ImageSidecar } from '../../../schemas/imaging/v1/sidecar.ts';
import type { Keyring } from '../../tokens/lib/index.ts';
import type { AnonymizeOutcome } from './anonymizer.ts';
import type { AnonymizedFacts } from './catalogue.ts';

export function anonymizedFacts(
  outcome: Extract<AnonymizeOutcome, { status: 'anonymized' }>,
  keyring: Keyring,
  issuer: string,
  sidecar?: ImageSidecar,
): AnonymizedFacts {
  const a = outcome.attributes;
  const patientId = sidecar?.patientId;
  const patientToken =
    a.patientToken ?? (patientId ? keyring.pseudonym('patient_id', patientId, issuer) : undefined);
  const dateOffsetDays = a.dateOffsetDays ?? (patientId ? keyring.dateOffsetDays(issuer, patientId) : 0);
  return {
    format: outcome.format,
    ...(a.modality ? { modality: a.modality } : {}),
    ...(a.bodyPartExamined ? { bodyPart: a.bodyPartExamined } : {}),
    ...(patientToken ? { patientToken } : {}),
    ...(a.linkage ? { linkage: a.linkage } : {}),
    dateOffsetDays,
    profileVersion: outcome.profileVersion,
    keyVersion: outcome.keyVersion,
    bytes: outcome.bytesOut,
    sha256: outcome.sha256,
    ...(outcome.pixelCleaning ? { pixelCleaning: outcome.pixelCleaning } : {}),
  };
}
